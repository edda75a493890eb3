package guard

import "strings"

// common are words too common to make a run of prose private on their own:
// a run needs at least minContent words outside this list, so that "I would
// like to see what we can do" never refuses a handout.
var common = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
a about above after again all also am an and any are as at be because been before being below
between both but by can could did do does doing don down during each even ever every few for from
further get got had has have having he her here hers herself him himself his how i if in into is it
its itself just let like me might more most much must my myself next no nor not now of off on once
one only or other our ours ourselves out over own really s same see she should so some still such t
than that the their theirs them themselves then there these they this those through time to too
under until up us very was we well were what when where which while who whom why will with would
you your yours yourself yourselves`) {
		m[w] = true
	}
	return m
}()
