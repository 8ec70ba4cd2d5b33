package world

// Sink receives a generated world. The generator calls it in a fixed order:
// every organisation first, then the organisations' own accounts, then each
// person followed by that person's accounts, account parties, employments
// and debts. A Sink error stops the
// generation and is returned unchanged.
type Sink interface {
	Organisation(Organisation) error
	Person(Person) error
	Account(Account) error
	AccountParty(AccountParty) error
	Employment(Employment) error
	Debt(Debt) error
}

// GenConfig says which world to build. The same config always yields the
// same world, byte for byte.
type GenConfig struct {
	Seed    uint64 // random seed
	Persons int    // number of persons
}
