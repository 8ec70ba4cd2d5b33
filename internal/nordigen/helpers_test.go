package nordigen

import (
	"fmt"
	"strconv"
)

func fmtSscanf(s string, n *int) (int, error) { return fmt.Sscanf(s, "f0-a0-b%d", n) }
func itoa(i int) string                       { return strconv.Itoa(i) }
func atoi(s string) int                       { n, _ := strconv.Atoi(s); return n }
func groupOf(id int) int {
	if id >= 100 {
		return id / 100
	}
	return id
}
