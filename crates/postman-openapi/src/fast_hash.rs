//! Hash maps and sets for the converter's own lookups: keyed by names and
//! texts from the collection, looked up once or twice per operation, and
//! mostly small. std's SipHash, and its per-map random keys, cost more than
//! the lookups themselves; foldhash is seeded per process, so a collection
//! still cannot choose keys that collide.

/// A `HashMap` hashed with foldhash.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A `HashSet` hashed with foldhash.
pub(crate) type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
