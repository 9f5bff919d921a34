package store

import bolt "go.etcd.io/bbolt"

// bolt is the store's bbolt backend, for tests that reach into the file.
func (s *Store) bolt() *boltBackend { return s.backend.(*boltBackend) }

// db is the store's bbolt file.
func (s *Store) db() *bolt.DB { return s.bolt().db }
