// Package demonames makes the names of the demo network: plausible
// organisation and person names in English, Lithuanian, Polish, German and
// Swedish, without digits, each index of a language giving another name.
//
// Names are combined from word lists per language (kinds of organisation,
// proper names, towns, first names, surnames with their feminine forms), by
// mixed-radix counting, so that the first names of a small demo already use
// every list and a large one never repeats: [Org] and [Person] are unique for
// every index below [Capacity]. [Slug] makes the ASCII host label the demo's
// e-mail and web addresses are derived from.
//
// It depends on nothing of sbcc; the demo in app wires it.
package demonames
