package dsop

import "strconv"

// Wire types of the DSOP Control API v2.0 and the customer-relationships
// overview, with the exact JSON names of spec: dsop-kontroll.md §5–§6.
// No account type has a name field: FI-Utlegg never delivers it.

// ResponseDetails says whether everything was returned (§4.8).
type ResponseDetails struct {
	Status  string `json:"status"`
	Message string `json:"message,omitempty"`
}

// Identifier is an organisation or person identifier.
type Identifier struct {
	CountryOfResidence string `json:"countryOfResidence,omitempty"`
	Value              string `json:"value"`
	Type               string `json:"type"`
}

// FinancialInstitution is the servicer of an account.
type FinancialInstitution struct {
	Identifier *Identifier `json:"identifier,omitempty"`
	Name       string      `json:"name,omitempty"`
}

// AccountRole is the primary owner of an account.
type AccountRole struct {
	Permission string      `json:"permission,omitempty"`
	Identifier *Identifier `json:"identifier,omitempty"`
	Name       string      `json:"name,omitempty"`
	StartDate  string      `json:"startDate,omitempty"`
	EndDate    string      `json:"endDate,omitempty"`
}

// Account is one element of an account list.
type Account struct {
	Status            string                `json:"status,omitempty"`
	Servicer          *FinancialInstitution `json:"servicer,omitempty"`
	AccountIdentifier string                `json:"accountIdentifier"`
	AccountReference  string                `json:"accountReference"`
	Type              string                `json:"type,omitempty"`
	Currency          string                `json:"currency,omitempty"`
	PrimaryOwner      *AccountRole          `json:"primaryOwner,omitempty"`
}

// AccountDetail is an account with balances.
type AccountDetail struct {
	Status            string                `json:"status,omitempty"`
	Servicer          *FinancialInstitution `json:"servicer,omitempty"`
	AccountIdentifier string                `json:"accountIdentifier"`
	AccountReference  string                `json:"accountReference"`
	Type              string                `json:"type,omitempty"`
	Currency          string                `json:"currency,omitempty"`
	Balances          []Balance             `json:"balances,omitempty"`
	PrimaryOwner      *AccountRole          `json:"primaryOwner,omitempty"`
	StartDate         string                `json:"startDate,omitempty"`
	EndDate           string                `json:"endDate,omitempty"`
}

// Balance is one balance figure of an account (§5.4).
type Balance struct {
	CreditLineIncluded   bool    `json:"creditLineIncluded"`
	Amount               Amount  `json:"amount"`
	CreditDebitIndicator string  `json:"creditDebitIndicator"`
	Registered           string  `json:"registered"`
	Type                 string  `json:"type"`
	CreditLineAmount     *Amount `json:"creditLineAmount,omitempty"`
	CreditLineCurrency   string  `json:"creditLineCurrency,omitempty"`
	Currency             string  `json:"currency"`
}

// Link is a pagination link; href is relative to the API base (§4.7).
type Link struct {
	Rel  string `json:"rel"`
	Href string `json:"href"`
}

// Accounts is the account list document.
type Accounts struct {
	ResponseDetails ResponseDetails `json:"responseDetails"`
	Accounts        []Account       `json:"accounts"`
	Links           []Link          `json:"links,omitempty"`
}

// AccountDetails is the account details document.
type AccountDetails struct {
	ResponseDetails ResponseDetails `json:"responseDetails"`
	Account         *AccountDetail  `json:"account,omitempty"`
}

// CustomerRelation is one institution of the overview (§5.1), fields in
// the order organizationID, bankName, activeAccount, ownershipType.
type CustomerRelation struct {
	OrganizationID string `json:"organizationID"`
	BankName       string `json:"bankName"`
	ActiveAccount  bool   `json:"activeAccount"`
	OwnershipType  string `json:"ownershipType"`
}

// ListCustomerRelation is the customerRelationships document.
type ListCustomerRelation struct {
	Banks []CustomerRelation `json:"banks"`
}

// Amount is a non-negative amount in minor units (øre), written as an
// exact decimal with two fraction digits, never through binary floating
// point (spec: dsop-kontroll.md §5.4, §12 item 25).
type Amount int64

// MarshalJSON implements json.Marshaler.
func (a Amount) MarshalJSON() ([]byte, error) {
	n := int64(a)
	neg := n < 0
	if neg {
		n = -n
	}
	b := make([]byte, 0, 24)
	if neg {
		b = append(b, '-')
	}
	b = strconv.AppendInt(b, n/100, 10)
	b = append(b, '.', byte('0'+n%100/10), byte('0'+n%10))
	return b, nil
}
