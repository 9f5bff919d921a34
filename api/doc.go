// Package api is Barkeep's GraphQL API: one schema (schema.graphql), served
// over HTTP and websockets to token holders and over SSH to key holders,
// with the limits a public endpoint needs.
package api

//go:generate go tool gqlgen generate
