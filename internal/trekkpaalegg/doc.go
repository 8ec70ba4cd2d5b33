// Package trekkpaalegg is Skatteetaten's Trekkpålegg API (spec:
// trekkpaalegg.md): employers' payroll systems poll the withholding
// orders (trekkpålegg) issued to them, as the employer itself or as a
// system user for a customer employer, and namsfogd publishes, versions
// and closes those orders in its world.
//
// Public routes (Register, under /skatt/api/trekkpaalegg/v1): the list of
// the latest version of each of the caller's orders, paged by the global
// sekvensnummer (exclusive fraSekvensnummer, ascending, exactly maksAntall
// while more exist), and one version of one order. The employer is taken
// from the token only; another employer's order answers exactly like a
// missing one (404 KB-009). Errors are {kode, melding, korrelasjonsid}.
//
// Operator routes (RegisterAdmin) create orders, publish versions, close
// them, load the published examples and run the daily auto-close; the
// utleggsbegjæring side creates orders through CreateFromDecision.
//
// Invariants: every version is stored as the exact JSON it is served as;
// sekvensnummer is allocated in the same transaction as the version it
// numbers and committed in order, so a poller never sees N+1 before N;
// trekkversjon rises by one per version; trekkpliktig, skyldner,
// saksnummer and KID never change within a trekkid, and every new trekkid
// gets a KID no other order has.
//
// The package must never take the employer from a path or query
// parameter, never answer an empty list with anything but 200 [], never
// call time.Now (the clock is a dependency), and never import another
// API's package.
package trekkpaalegg
