package api

// Resolver resolves the schema's fields for one API. gqlgen wrote this
// file once and leaves it alone; schema.resolvers.go it regenerates,
// keeping the bodies.
type Resolver struct {
	api *API
}
