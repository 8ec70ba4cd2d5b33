package categorise

import (
	"strconv"
	"strings"
)

// mccCategory maps an ISO 18245 merchant category code to a leaf
// (spec: statement-analysis.md §6.5 step 4); 0 if unknown.
func mccCategory(mcc string) int {
	if mcc == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(mcc))
	if err != nil {
		return 0
	}
	switch {
	case n >= 3000 && n <= 3299:
		return 801
	case n >= 3351 && n <= 3441:
		return 804
	case n >= 3501 && n <= 3999:
		return 802
	}
	switch n {
	case 5411, 5422, 5441, 5451, 5462, 5499:
		return 101
	case 5812, 5813:
		return 102
	case 5814:
		return 103
	case 5921:
		return 105
	case 5200, 5211, 5231, 5251, 5261, 1520, 1711, 1731, 1740, 1750:
		return 204
	case 5712, 5713, 5714, 5719, 5722:
		return 205
	case 4900:
		return 301
	case 4812, 4814:
		return 303
	case 4899, 4816:
		return 304
	case 4111, 4112, 4131:
		return 401
	case 5541, 5542, 5552, 5983:
		return 402
	case 7523:
		return 403
	case 4784:
		return 404
	case 4121:
		return 405
	case 7531, 7534, 7535, 7538, 7542, 7549, 5531, 5532, 5533:
		return 406
	case 5611, 5621, 5631, 5641, 5651, 5655, 5661, 5681, 5691, 5699, 5944:
		return 501
	case 5732, 5045, 5946, 5734:
		return 502
	case 5940, 5941:
		return 503
	case 5310, 5311, 5331, 5399:
		return 505
	case 5942, 5943, 5945, 5970, 5992:
		return 506
	case 742, 5995:
		return 507
	case 5912:
		return 601
	case 8011, 8031, 8041, 8042, 8049, 8050, 8062, 8071, 8099:
		return 602
	case 8021:
		return 603
	case 8043:
		return 604
	case 7997, 7941:
		return 605
	case 7230, 7297, 7298:
		return 606
	case 5815, 5816, 5817, 5818, 7372:
		return 703
	case 5994:
		return 704
	case 7832, 7922, 7991, 7996, 7998:
		return 705
	case 8641, 8699:
		return 706
	case 4511:
		return 801
	case 7011:
		return 802
	case 4722, 4411:
		return 803
	case 7512, 7513:
		return 804
	case 6300:
		return 904
	case 7800, 7801, 7802:
		return 1101
	case 7995:
		return 1102
	case 8351:
		return 1201
	case 8211, 8220, 8241, 8244, 8249, 8299:
		return 1202
	case 8398:
		return 1204
	case 9311:
		return 1302
	case 9222:
		return 1303
	case 6010, 6011:
		return 1405
	case 6051, 6540:
		return 1404
	}
	return 0
}

// codeCategory reads ISO 20022 bank transaction codes: cash withdrawal,
// salary and interest sub-families.
func codeCategory(codes []string, out bool) int {
	for _, c := range codes {
		u := strings.ToUpper(c)
		switch {
		case out && (strings.Contains(u, "CWDL") || strings.Contains(u, "CAMT-CWDL")):
			return 1405
		case !out && strings.Contains(u, "CDPT"):
			return 1406
		case !out && strings.Contains(u, "SALA"):
			return 1501
		case !out && strings.Contains(u, "PENS"):
			return 1505
		case !out && strings.Contains(u, "INTR"):
			return 1607
		case !out && strings.Contains(u, "DVDE"):
			return 1607
		}
	}
	return 0
}
