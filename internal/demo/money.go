package demo

import (
	"math"
	"strconv"
)

// kr formats øre the Norwegian way: 1 234 567,89 kr.
func kr(ore int64) string {
	sign := ""
	if ore < 0 {
		sign, ore = "-", -ore
	}
	return sign + thousands(ore/100) + "," + pad2(ore%100) + " kr"
}

// krWhole formats whole kroner: 1 059 800 kr.
func krWhole(k int64) string {
	if k < 0 {
		return "-" + thousands(-k) + " kr"
	}
	return thousands(k) + " kr"
}

// krf formats an amount in kroner with decimals, as the JSON APIs give it.
func krf(k float64) string { return kr(int64(math.Round(k * 100))) }

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ' ')
		}
		out = append(out, s[i])
	}
	return string(out)
}

func pad2(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// plural is "1 account", "2 accounts".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
