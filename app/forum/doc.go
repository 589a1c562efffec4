// Package forum plans speed-dating sessions at the network's forums: who
// meets whom, in which round, at which table (or video room).
//
// # Basics
//
// Plan is a pure, deterministic function of an Input: the session's rounds
// and tables, the participants with their languages and the rounds they are
// present for, the wishes (whom each wants to meet, whom not) and the
// suggestions of the offers/needs matchmaking. It returns a Plan: meetings
// per round, and every wanted pair that could not be placed with the reason.
//
// The rules Plan keeps, and the property tests check: nobody sits at two
// tables in one round; no pair meets twice; a pair shares a language unless
// an interpreter was asked for; at most Tables meetings a round; meetings of
// rounds already held (Input.Held, before Input.From) stay exactly where
// they were; the same input gives the same plan.
//
// # Caveats
//
// Placing the most pairs is a maximum-matching problem per round; Plan solves
// each round with a greedy matching by priority (mutual before one-sided
// before suggested; within mutual pairs, those of people with the least
// slack of rounds first; then those who waited longest, cross-border first
// among equal waits) repaired with short augmenting paths. It is not
// an exact optimum; Greedy, the plain baseline, is kept for comparison.
//
// The package does no I/O and imports nothing of sbcc's: the app turns
// records into an Input and a Plan back into records.
package forum
