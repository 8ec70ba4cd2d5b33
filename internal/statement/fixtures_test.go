package statement

const gcFixture = `{
  "account": {"iban": "NO9386011117947", "currency": "NOK", "ownerName": "Kari Nordmann", "bank": "DNB"},
  "balances": [{"balanceAmount": {"amount": "10500.00", "currency": "NOK"}, "balanceType": "openingBooked", "referenceDate": "2024-03-01"}],
  "transactions": {
    "booked": [
      {"transactionId": "2024030400012", "bookingDate": "2024-03-04", "valueDate": "2024-03-02",
       "transactionAmount": {"amount": "-412.50", "currency": "NOK"},
       "remittanceInformationUnstructured": "VISA VARE 4567 REMA 1000 GRUNERLØKKA"},
      {"transactionId": "2024032500007", "bookingDate": "2024-03-25",
       "transactionAmount": {"amount": 41250, "currency": "NOK"},
       "debtorName": "Posten Norge AS", "remittanceInformationUnstructured": "Lønn mars"}
    ],
    "pending": [
      {"valueDate": "2024-03-28", "transactionAmount": {"amount": "-89.00", "currency": "NOK"},
       "remittanceInformationUnstructured": "Reservert transaksjon NARVESEN OSLO S"}
    ]
  }
}`

const legacyFixture = `{"account_list": [{"account_nr": "12345678901", "holder_name": "Mike Allan", "bank_name": "Some Bank",
  "currency": "NOK", "start_balance": 5000.00, "end_balance": 4000.00,
  "transaction_list": [{"date": "2020-02-08", "sum": -15.45, "info": "PURCHASE 123 15.45", "partner": "Local Groceries", "transaction_id": "tx-1"}]}]}`

const camtFixture = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
 <BkToCstmrStmt>
  <GrpHdr><MsgId>1</MsgId></GrpHdr>
  <Stmt>
   <Id>S1</Id>
   <Acct><Id><IBAN>NO9386011117947</IBAN></Id><Ownr><Nm>Kari Nordmann</Nm></Ownr><Svcr><FinInstnId><BIC>DNBANOKK</BIC></FinInstnId></Svcr></Acct>
   <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="NOK">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-01</Dt></Dt></Bal>
   <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="NOK">950.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-31</Dt></Dt></Bal>
   <Ntry><Amt Ccy="NOK">100.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-03-05</Dt></BookgDt>
    <AcctSvcrRef>R1</AcctSvcrRef><NtryDtls><TxDtls><RmtInf><Ustrd>KIWI 123 MAJORSTUEN</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
   <Ntry><Amt Ccy="NOK">50.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><DtTm>2024-03-06T10:00:00</DtTm></BookgDt>
    <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Ola Nordmann</Nm></Dbtr></RltdPties><RmtInf><Ustrd>Vipps</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
  </Stmt>
 </BkToCstmrStmt>
</Document>`

var bankCSV = map[string]string{
	FormatDNB:        "Dato;Forklaring;Rentedato;Ut fra konto;Inn på konto\n04.03.2024;REMA 1000;04.03.2024;412,50;\n25.03.2024;Lønn;25.03.2024;;41 250,00\n",
	FormatNordea:     "Bokføringsdato;Beløp;Avsender;Mottaker;Navn;Tittel;Valuta\n2024/03/04;-412,50;;;REMA;REMA 1000;NOK\nReservert;-89,00;;;;NARVESEN;NOK\n2024/03/25;41250,00;;;Posten;Lønn;NOK\n",
	FormatSpareBank1: "Dato;Beskrivelse;Rentedato;Inn;Ut;Til konto;Fra konto\n04.03.2024;REMA 1000;04.03.2024;;-412,50;;\n25.03.2024;Lønn;25.03.2024;41250,00;;;\n",
	FormatSbanken:    "BOKFØRINGSDATO\tRENTEDATO\tARKIVREFERANSE\tMOTKONTO\tTYPE\tTEKST\tUT FRA KONTO\tINN PÅ KONTO\n04.03.2024\t04.03.2024\t111\t\tVARER\tREMA 1000\t412,50\t\n25.03.2024\t25.03.2024\t112\t\tLØNN\tLønn\t\t41250,00\n",
	FormatBulder:     "Dato;Inn på konto;Ut fra konto;Til konto;Til kontonummer;Fra konto;Fra kontonummer;Type;Tekst\n2024-03-04;;412,50;REMA;;;;Varekjøp;REMA 1000\n2024-03-25;41250,00;;;;Posten;;Lønn;Lønn\n",
}

// gcRichFixture uses every member the canonical decoder reads, escapes,
// unknown members of every JSON type, and two statements.
const gcRichFixture = `[{"account": {"iban": "NO9386011117947", "bban": "86011117947", "resourceId": "r1", "currency": "NOK",
   "ownerName": "Kari Nordmann", "bank": "DNB", "holders": [{"name": "Ola Nordmann"}, {"name": "Kari \u00d8stby"}], "product": "Brukskonto"},
  "balances": [{"balanceAmount": {"amount": "10500.00", "currency": "NOK"}, "balanceType": "openingBooked", "referenceDate": "2024-03-01"},
               {"balanceAmount": {"amount": 1.5, "currency": "NOK"}, "balanceType": "closingBooked"},
               {"balanceAmount": {"amount": "7", "currency": "NOK"}, "balanceType": "interimAvailable"}],
  "transactions": {
    "pending": [{"valueDateTime": "2024-03-28T10:00:00Z", "transactionAmount": {"amount": "-89.00", "currency": "NOK"},
       "remittanceInformationUnstructuredArray": ["Reservert", "  NARVESEN\tOSLO S ", null]}],
    "booked": [
      {"transactionId": "a\"1", "bookingDate": "2024-03-04", "valueDate": "2024-03-02",
       "transactionAmount": {"amount": "-412.505", "currency": "NOK"}, "creditorName": null, "ultimateCreditor": "REMA 1000",
       "creditorAccount": {"iban": "NO93 8601 1117 947"}, "debtorAccount": null,
       "remittanceInformationUnstructured": "  ", "remittanceInformationStructured": "RF18 5390 0754 7034",
       "merchantCategoryCode": "5411", "bankTransactionCode": "PMNT-ICDT-STDO", "proprietaryBankTransactionCode": "VARER",
       "currencyExchange": [{"sourceCurrency": "EUR", "exchangeRate": 11.5e0, "x": [true, false, null, {}, []]}]},
      {"internalTransactionId": "i2", "bookingDateTime": "2024-03-25T08:00:00+01:00",
       "transactionAmount": {"amount": 41250, "currency": "NOK"}, "debtorName": "Posten\u0020Norge AS",
       "debtorAccount": {"bban": "12345678901"}, "additionalInformation": "L\u00f8nn mars", "currencyExchange": {"rate": "1"}},
      {"entryReference": "e3", "valueDate": "2024-03-26", "transactionAmount": {"amount": "0.00", "currency": "NOK"},
       "remittanceInformationStructured": 12345}
    ]}},
 {"transactions": {"booked": []}, "account": null, "balances": null}]`
