// Package offices is an office's membership of a network of offices: it
// founds and joins networks (through the sync node, declared here as
// Network and implemented by sbcc/node), hands out invites, rotates keys,
// revokes and admits members in the data folder's network file
// (sbcc/sync/trust), and refuses to start or join a network while demo
// records would reach the other offices.
//
// It is a service over sbcc/app; the directory core must not import it.
package offices
