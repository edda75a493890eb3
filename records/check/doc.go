// Package check finds what is wrong or missing in a practice's records: what
// a coach, a code of ethics and data-protection law would each catch.
//
// Every rule is a small named function in one registry (Rules), with a
// default severity and a reason a coach understands; `rapport check --rules`
// prints the registry. Problems that loading itself finds (a record that is
// not YAML, an unknown field, a placeholder left in) are rules of the same
// registry, so practice.yaml can turn them off or down like any other.
//
// Run checks one client, Practice checks what belongs to no client
// (practice.yaml, the clients/ folder, git). Both take today's date from the
// caller, so date-dependent rules follow the CLI's settable clock.
package check
