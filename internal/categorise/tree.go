package categorise

import "strings"

// Node types.
const (
	TypeIncome   = "income"
	TypeExpense  = "expense"
	TypeTransfer = "transfer"
)

// Fallback leaves (spec: statement-analysis.md §6.4 rule 2).
const (
	UncategorisedExpense = 1304
	OtherIncome          = 1611
)

// Node is one category of the tree.
type Node struct {
	ID      int
	Parent  int // 0 for level-0 nodes
	Level   int
	Type    string
	TitleNO string
	TitleUK string
}

// Title returns the readable title for a normalised country.
func (n Node) Title(country string) string {
	if country == "uk" {
		return n.TitleUK
	}
	return n.TitleNO
}

// TreeVersion is the category_tree_version for a normalised country.
func TreeVersion(country string) string { return country + "_202406010000" }

// NormaliseCountry maps an input country (case-insensitive, gb = uk) to
// "no" or "uk"; ok is false for anything else (spec §1.5).
func NormaliseCountry(c string) (string, bool) {
	switch strings.ToLower(c) {
	case "no":
		return "no", true
	case "uk", "gb":
		return "uk", true
	}
	return "", false
}

var nodeIndex = func() map[int]int {
	m := make(map[int]int, len(nodes))
	for i, n := range nodes {
		m[n.ID] = i
	}
	return m
}()

// Nodes returns every node in ascending id order.
func Nodes() []Node { return nodes }

// Lookup returns the node with the given id.
func Lookup(id int) (Node, bool) {
	i, ok := nodeIndex[id]
	if !ok {
		return Node{}, false
	}
	return nodes[i], true
}

// Group returns the level-0 ancestor of id (or id itself at level 0).
func Group(id int) int {
	if id >= 100 {
		return id / 100
	}
	return id
}

// TypeOf returns the type of a node id ("" if unknown).
func TypeOf(id int) string {
	n, _ := Lookup(id)
	return n.Type
}

// allowed reports whether a node of type typ may be assigned to an amount
// of the given sign (spec §6.4 rule 1).
func allowed(typ string, amount int64) bool {
	switch {
	case amount < 0:
		return typ == TypeExpense || typ == TypeTransfer
	case amount > 0:
		return typ == TypeIncome || typ == TypeTransfer
	}
	return true
}
