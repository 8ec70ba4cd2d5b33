package dsop_test

import "testing"

// One test per conformance check of spec: dsop-kontroll.md §11.1, each
// run against the real HTTP server with real signed tokens.

func TestCheck01_CustomerRelationshipsIMListsTheDebtorSBanks(t *testing.T)          { runCheck(t, 1) }
func TestCheck02_CustomerRelationshipsANGivesTheSameBodyAsIM(t *testing.T)          { runCheck(t, 2) }
func TestCheck03_CustomerRelationshipsForAnUnknownPersonIsAnEmptyList(t *testing.T) { runCheck(t, 3) }
func TestCheck04_CustomerRelationshipsAcceptsOnlyPrimaryOwnerTRUE(t *testing.T)     { runCheck(t, 4) }
func TestCheck05_CustomerRelationshipsForAnOrganisationDebtor(t *testing.T)         { runCheck(t, 5) }
func TestCheck06_AccountsListsExactlyTheDeliverableAccountsOwnedToday(t *testing.T) { runCheck(t, 6) }
func TestCheck07_AccountObjectsCarryIdentifiersServicerOwnerAndNoName(t *testing.T) { runCheck(t, 7) }
func TestCheck08_AccountReferenceIsNotTheAccountNumber(t *testing.T)                { runCheck(t, 8) }
func TestCheck09_SameCaseGivesTheSameReferences(t *testing.T)                       { runCheck(t, 9) }
func TestCheck10_ANSeesTheSameAccountsWithItsOwnReferences(t *testing.T)            { runCheck(t, 10) }
func TestCheck11_ParameterNameCaseOnlyPrimaryOwnerTRUEOnlyprimaryownerTrue(t *testing.T) {
	runCheck(t, 11)
}
func TestCheck12_APartyWithOnlyALoanAccountGetsAnEmptyCompleteList(t *testing.T)     { runCheck(t, 12) }
func TestCheck13_AnUnknownPersonGetsAnEmptyCompleteList(t *testing.T)                { runCheck(t, 13) }
func TestCheck14_AShieldedPersonGetsAnEmptyCompleteList(t *testing.T)                { runCheck(t, 14) }
func TestCheck15_AnOfflineAccountMakesTheAnswerPartial(t *testing.T)                 { runCheck(t, 15) }
func TestCheck16_AccountDetailsGiveAvailableAndBookedBalances(t *testing.T)          { runCheck(t, 16) }
func TestCheck17_CreditCardDetailsDebitBookedBalanceAndACreditLine(t *testing.T)     { runCheck(t, 17) }
func TestCheck18_AccountInfoRequestIDOfUUIDVersion1InEitherCase(t *testing.T)        { runCheck(t, 18) }
func TestCheck19_LegalMandateWithLowerCaseHex(t *testing.T)                          { runCheck(t, 19) }
func TestCheck21_TestProfileNoAcceptGivesJWEApplicationJsonGivesJSON(t *testing.T)   { runCheck(t, 21) }
func TestCheck22_OneTokenServesThreeCalls(t *testing.T)                              { runCheck(t, 22) }
func TestCheck23_Pagination1005AccountsOverTwoPages(t *testing.T)                    { runCheck(t, 23) }
func TestCheck24_NoAuthorizationHeader401ACC010WithAChallenge(t *testing.T)          { runCheck(t, 24) }
func TestCheck25_ExpiredToken401ACC010(t *testing.T)                                 { runCheck(t, 25) }
func TestCheck26_TokenOfAnUnknownKeyOrWithATamperedPayload401ACC010(t *testing.T)    { runCheck(t, 26) }
func TestCheck27_TokenOfAnotherIssuer401ACC010(t *testing.T)                         { runCheck(t, 27) }
func TestCheck28_AudOfAnotherBankOrAbsent401TrailingSlashOrArray200(t *testing.T)    { runCheck(t, 28) }
func TestCheck29_CustomerRelationshipsDoesNotCheckAud(t *testing.T)                  { runCheck(t, 29) }
func TestCheck30_NAVConsumer403ACC011(t *testing.T)                                  { runCheck(t, 30) }
func TestCheck31_PoliceWithPlainBitsKontoinformasjon403ACC011(t *testing.T)          { runCheck(t, 31) }
func TestCheck32_IMConsumerWithTheANScope403ACC011(t *testing.T)                     { runCheck(t, 32) }
func TestCheck33_ANScopeWithoutSupplier403ACC011(t *testing.T)                       { runCheck(t, 33) }
func TestCheck34_ANScopeWithAForeignSupplier403ACC011(t *testing.T)                  { runCheck(t, 34) }
func TestCheck35_IMTokenWithOnlyBitsKundeforholdOnAccounts403ACC011(t *testing.T)    { runCheck(t, 35) }
func TestCheck36_BitsKontoinformasjonOnCustomerRelationships403ERR001(t *testing.T)  { runCheck(t, 36) }
func TestCheck37_AccountServicingProvider403ERR001(t *testing.T)                     { runCheck(t, 37) }
func TestCheck38_MultiScopeTokenOnAccounts200(t *testing.T)                          { runCheck(t, 38) }
func TestCheck39_IMTransactions403ACC011(t *testing.T)                               { runCheck(t, 39) }
func TestCheck40_ANRoles403ACC011(t *testing.T)                                      { runCheck(t, 40) }
func TestCheck41_IMCards403ACC011(t *testing.T)                                      { runCheck(t, 41) }
func TestCheck42_TransactionsOfAnUnknownReference403ACC011(t *testing.T)             { runCheck(t, 42) }
func TestCheck43_TransactionsWithoutAToken401ACC010(t *testing.T)                    { runCheck(t, 43) }
func TestCheck44_POSTAccountsAndDELETEAccountsRef405ACC012WithAllowGET(t *testing.T) { runCheck(t, 44) }
func TestCheck45_AcceptApplicationXml406ACC013(t *testing.T)                         { runCheck(t, 45) }
func TestCheck48_MissingLegalMandate400ACC001(t *testing.T)                          { runCheck(t, 48) }
func TestCheck49_DecodedLegalMandate400ACC001(t *testing.T)                          { runCheck(t, 49) }
func TestCheck50_LegalMandateFIUtleggTest400ACC001(t *testing.T)                     { runCheck(t, 50) }
func TestCheck51_SkattKontrollMandate400ACC001(t *testing.T)                         { runCheck(t, 51) }
func TestCheck52_MandateWithDoubled2020400ACC001(t *testing.T)                       { runCheck(t, 52) }
func TestCheck53_TheOtherProfileSMandate403ACC011(t *testing.T)                      { runCheck(t, 53) }
func TestCheck54_CorrelationIDMissingOrNotAUUID400ACC001(t *testing.T)               { runCheck(t, 54) }
func TestCheck55_AccountInfoRequestIDMissingOrNotAUUID400ACC001(t *testing.T)        { runCheck(t, 55) }
func TestCheck56_PartyIDMissing10DigitsOrBadCheckDigits400ACC001(t *testing.T)       { runCheck(t, 56) }
func TestCheck57_PartyIDDNummerOrOrgnr200(t *testing.T)                              { runCheck(t, 57) }
func TestCheck58_OnlyPrimaryOwnerMissingFalseOrYes400ACC001(t *testing.T)            { runCheck(t, 58) }
func TestCheck59_RequesterIDMissingOrEmpty400ACC001(t *testing.T)                    { runCheck(t, 59) }
func TestCheck60_DatesMissingNotTodayMalformedOrReversed400ACC001(t *testing.T)      { runCheck(t, 60) }
func TestCheck62_AdditionalReferenceIDTypeAdditionalReferenceIDWithData400ACC(t *testing.T) {
	runCheck(t, 62)
}
func TestCheck63_TwoDifferentLegalMandateHeaders400ACC001(t *testing.T)         { runCheck(t, 63) }
func TestCheck64_DetailsUnknownOrForeignReference404ACC002(t *testing.T)        { runCheck(t, 64) }
func TestCheck65_DetailsFromDateYesterdayOrNoRequesterID400ACC001(t *testing.T) { runCheck(t, 65) }
func TestCheck66_CustomerIDMissingOrInvalid400ERR002(t *testing.T)              { runCheck(t, 66) }
func TestCheck67_DatesNotTodayOrMalformed400ERR003(t *testing.T)                { runCheck(t, 67) }
func TestCheck68_OnlyPrimaryOwnerMissingOrFalse400ERR005(t *testing.T)          { runCheck(t, 68) }
func TestCheck69_KundeforholdHeaders400ERR005OtherProfileSMandate403ERR001(t *testing.T) {
	runCheck(t, 69)
}
func TestCheck70_POSTCustomerRelationships405ERR006(t *testing.T)                { runCheck(t, 70) }
func TestCheck71_ErrorBodiesArePlainJSONWithTheAPISKeys(t *testing.T)            { runCheck(t, 71) }
func TestCheck72_CorrelationIDEchoedWhenValidAbsentOtherwise(t *testing.T)       { runCheck(t, 72) }
func TestCheck76_NoAccountNameAndNoForbiddenAccountTypeInAnyAnswer(t *testing.T) { runCheck(t, 76) }
func TestCheck77_NbfInTheFutureMissingClientIdJtiClientAmrArrayScope401(t *testing.T) {
	runCheck(t, 77)
}
func TestCheck78_SystemUserToken403ACC011WithoutAChallenge(t *testing.T)            { runCheck(t, 78) }
func TestCheck79_RS384Token401ACC010(t *testing.T)                                  { runCheck(t, 79) }
func TestCheck80_InsufficientScopeChallengeNamesTheScopeNAV403HasNone(t *testing.T) { runCheck(t, 80) }
func TestCheck81_UnknownRoutes404ACC002ERR011NeverARedirect(t *testing.T)           { runCheck(t, 81) }
func TestCheck82_HEADAccounts405ACC012(t *testing.T)                                { runCheck(t, 82) }
func TestCheck83_GETAccountsNotAUuid404ACC002(t *testing.T)                         { runCheck(t, 83) }
func TestCheck84_PartyIDThatIsAnAccountNumber400ACC001(t *testing.T)                { runCheck(t, 84) }
func TestCheck85_RepeatedQueryParameters(t *testing.T)                              { runCheck(t, 85) }
func TestCheck86_MultiDefectRequestsFollowTheEvaluationOrder(t *testing.T)          { runCheck(t, 86) }
func TestCheck87_ATamperedPageValue400ACC001(t *testing.T)                          { runCheck(t, 87) }
func TestCheck88_AcceptListsJSONWithKundeforholdXml406ERR007(t *testing.T)          { runCheck(t, 88) }
func TestCheck89_ErrorBodiesHaveExactlyTheAPISKeys(t *testing.T)                    { runCheck(t, 89) }
