//! Schema inference from JSON samples.
//!
//! Every sample of one body (the request bodies of all items on a method and
//! path, or every recorded response in a status group) is folded into one
//! [`Shape`] with [`Shape::observe`]; [`Shape::merge`] joins two shapes. The
//! rules, each chosen so that progenitor's types accept *every* recorded
//! sample and drop none of its fields:
//!
//! - objects merge across all samples, inside arrays too; a property is
//!   required only when every sample of that object has it;
//! - integers stay `integer` (int64) until a sample has a fraction;
//! - `null` makes the other type nullable instead of erasing it;
//! - strings get `format: date-time` only when every sample is strict
//!   RFC 3339 with an offset, because one bad sample would fail the whole
//!   response at runtime; digit strings stay strings (19-digit IDs);
//! - `{}` and `[]` carry no type information and merge with later samples;
//! - objects whose keys are all record IDs (digits or UUIDs) become maps;
//! - shapes that cannot merge (a string and an object) become `oneOf`.

use std::collections::BTreeSet;
use std::hash::BuildHasher;

use hashbrown::HashTable;
use smallvec::{SmallVec, smallvec};

use serde_json::{Map, Value};

/// What the samples seen so far say about one JSON value.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shape {
    /// Some sample was `null`.
    pub nullable: bool,
    /// The non-null kinds seen; more than one becomes `oneOf`.
    pub kinds: SmallVec<[Kind; 1]>,
}

/// One JSON kind with what was learned about it.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `true` / `false`.
    Boolean,
    /// Whole numbers that fit in an i64.
    Integer,
    /// Any other number.
    Number,
    /// Strings.
    String(StringFacts),
    /// Arrays; `items` is the merge of every element of every sample.
    Array(Box<Shape>),
    /// Objects.
    Object(ObjectShape),
}

/// What the string samples have in common.
#[derive(Debug, Clone, PartialEq)]
pub struct StringFacts {
    /// Every sample was a strict RFC 3339 date-time with an offset.
    pub all_date_time: bool,
}

/// The rank (see `Kind::rank`) of arrays, and of objects.
const ARRAY_RANK: u8 = 3;
const OBJECT_RANK: u8 = 4;

/// How many properties an object has before its names are indexed.
const INDEXED_FROM: usize = 16;

/// Properties of an object, in the order first seen.
///
/// A large collection folds hundreds of thousands of properties: their
/// names share one buffer per object, not a string each, and the count
/// that notices a repeated key sits beside each property.
#[derive(Debug, Clone, Default)]
pub struct ObjectShape {
    /// How many object samples were folded in.
    pub samples: usize,
    /// The property names, one after another, in the order first seen.
    names: String,
    /// The properties, in the same order.
    slots: Vec<Slot>,
    /// Property name → its place in `slots` for objects of
    /// [`INDEXED_FROM`] properties or more, so that folding in an object of
    /// n keys costs O(n), not O(n²) (one sample with 100,000 keys once took
    /// 46 s).
    index: Option<Box<PropertyIndex>>,
    /// Where the property after the last one found is: records list their
    /// keys in the same order, so the next key is nearly always there, and
    /// found with one comparison. Only a guess.
    next: usize,
}

/// What an object shape's names buffer starts with.
const FIRST_NAMES_BYTES: usize = 64;

/// One property of an [`ObjectShape`].
#[derive(Debug, Clone)]
struct Slot {
    /// Where its name ends in `names` (it starts where the one before ends).
    name_end: usize,
    shape: Shape,
    /// How many samples had it.
    count: usize,
    /// For reading samples from text: the sample (by `samples` count) in
    /// which it was last counted, to notice a key an object repeats.
    counted_in: usize,
}

/// The name of the property at `place`.
#[inline]
fn name_at<'n>(names: &'n str, slots: &[Slot], place: usize) -> &'n str {
    let start = match place.checked_sub(1) {
        Some(before) => slots.get(before).map_or(0, |slot| slot.name_end),
        None => 0,
    };
    let end = slots.get(place).map_or(start, |slot| slot.name_end);
    names.get(start..end).unwrap_or_default()
}

/// The places of an object's properties, hashed by name (the names stay
/// in the shape; the table holds places only).
#[derive(Debug, Clone, Default)]
struct PropertyIndex {
    places: HashTable<usize>,
    /// Randomly seeded: names come from recorded bodies.
    hasher: foldhash::fast::RandomState,
}

impl PropertyIndex {
    /// An index of every property of `names` and `slots`.
    fn of(names: &str, slots: &[Slot]) -> PropertyIndex {
        let mut index = PropertyIndex::default();
        index.places.reserve(slots.len(), |_| 0);
        for place in 0..slots.len() {
            index.add(names, slots, place);
        }
        index
    }

    /// Adds the property at `place`.
    fn add(&mut self, names: &str, slots: &[Slot], place: usize) {
        let hasher = &self.hasher;
        let hash = hasher.hash_one(name_at(names, slots, place));
        self.places.insert_unique(hash, place, |&place| {
            hasher.hash_one(name_at(names, slots, place))
        });
    }

    #[inline]
    fn find(&self, names: &str, slots: &[Slot], name: &str) -> Option<usize> {
        let hash = self.hasher.hash_one(name);
        self.places
            .find(hash, |&place| name_at(names, slots, place) == name)
            .copied()
    }
}

/// Shapes are equal when their samples and properties are; the index and
/// the guess are only caches.
impl PartialEq for ObjectShape {
    fn eq(&self, other: &Self) -> bool {
        self.samples == other.samples
            && self.len() == other.len()
            && self.properties().eq(other.properties())
    }
}

impl ObjectShape {
    /// The properties in the order first seen: each one's name, shape, and
    /// how many samples had it.
    pub fn properties(&self) -> impl ExactSizeIterator<Item = (&str, &Shape, usize)> + Clone {
        self.slots.iter().enumerate().map(|(place, slot)| {
            (
                name_at(&self.names, &self.slots, place),
                &slot.shape,
                slot.count,
            )
        })
    }

    /// How many properties there are.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether no sample had a property.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The shape of the property at `place`, to fold a value into.
    #[inline]
    pub(crate) fn shape_at(&mut self, place: usize) -> Option<&mut Shape> {
        self.slots.get_mut(place).map(|slot| &mut slot.shape)
    }

    /// Whether every key seen looks like a record ID, so the object is a map
    /// keyed by ID (Zoho's `affected_fields: [{"<id>": [...]}]`), not a record.
    pub fn is_id_keyed_map(&self) -> bool {
        !self.is_empty()
            && self
                .properties()
                .all(|(key, _, _)| is_digits(key) || is_uuid(key))
    }

    /// Whether property `name` was present in every sample.
    pub fn is_required(&self, count: usize) -> bool {
        count == self.samples
    }

    /// The merge of every property's shape (the value type of a map).
    pub fn merged_values(&self) -> Shape {
        let mut merged = Shape::default();
        for slot in &self.slots {
            merged.absorb(&slot.shape);
        }
        merged
    }

    /// Where property `name` is, if it is there. Small objects are searched
    /// in place (faster than hashing); past [`INDEXED_FROM`] properties a
    /// name index is kept.
    #[inline]
    fn position(&mut self, name: &str) -> Option<usize> {
        let found = self.find(name);
        if let Some(place) = found {
            self.next = place.saturating_add(1);
        }
        found
    }

    fn find(&mut self, name: &str) -> Option<usize> {
        if self.next < self.slots.len() && name_at(&self.names, &self.slots, self.next) == name {
            return Some(self.next);
        }
        if self.slots.len() < INDEXED_FROM {
            return (0..self.slots.len())
                .find(|&place| name_at(&self.names, &self.slots, place) == name);
        }
        let (names, slots) = (&self.names, &self.slots);
        let index = match &mut self.index {
            Some(index) if index.places.len() == slots.len() => index,
            stale => stale.insert(Box::new(PropertyIndex::of(names, slots))),
        };
        index.find(names, slots, name)
    }

    /// Starts folding in one more object sample; returns its number, for
    /// [`ObjectShape::count_property`].
    #[inline]
    pub(crate) fn begin_sample(&mut self) -> usize {
        self.samples = self.samples.saturating_add(1);
        self.samples
    }

    /// Counts property `name` in sample `sample` (from
    /// [`ObjectShape::begin_sample`]), adding it with an unknown shape when
    /// new. Returns its place and whether this sample already had it (a
    /// repeated key).
    #[inline]
    pub(crate) fn count_property(&mut self, name: &str, sample: usize) -> (usize, bool) {
        match self.position(name) {
            Some(place) => {
                let repeated = match self.slots.get_mut(place) {
                    Some(slot) if slot.counted_in == sample => true,
                    Some(slot) => {
                        slot.count = slot.count.saturating_add(1);
                        slot.counted_in = sample;
                        false
                    }
                    None => false,
                };
                (place, repeated)
            }
            None => {
                self.push(name, Shape::default(), 1, sample);
                (self.slots.len().saturating_sub(1), false)
            }
        }
    }

    /// Adds a property not seen before, counted in sample `counted_in`.
    fn push(&mut self, name: &str, shape: Shape, count: usize, counted_in: usize) {
        let place = self.slots.len();
        if self.names.capacity() == 0 {
            // Grown from nothing, a record's names would be copied four or
            // five times; most records' names fit in this.
            self.names.reserve(FIRST_NAMES_BYTES.max(name.len()));
        }
        self.names.push_str(name);
        self.slots.push(Slot {
            name_end: self.names.len(),
            shape,
            count,
            counted_in,
        });
        self.next = self.slots.len();
        // Keep a built index current (find() rebuilds a stale one).
        if let Some(index) = &mut self.index
            && index.places.len() == place
        {
            index.add(&self.names, &self.slots, place);
        }
    }

    fn absorb(&mut self, other: &ObjectShape) {
        for (name, shape, count) in other.properties() {
            match self.position(name) {
                Some(place) => {
                    if let Some(slot) = self.slots.get_mut(place) {
                        slot.shape.absorb(shape);
                        slot.count = slot.count.saturating_add(count);
                    }
                }
                None => self.push(name, shape.clone(), count, 0),
            }
        }
        self.samples = self.samples.saturating_add(other.samples);
    }
}

impl Shape {
    /// The shape of one sample.
    pub fn of(sample: &Value) -> Shape {
        match Kind::of(sample) {
            None => Shape {
                nullable: true,
                kinds: SmallVec::new(),
            },
            Some(kind) => Shape {
                nullable: false,
                kinds: smallvec![kind],
            },
        }
    }

    /// Folds one more sample into this shape, in place (no intermediate
    /// shape is built: inference runs over megabytes of samples).
    pub fn observe(&mut self, sample: &Value) {
        if sample.is_null() {
            self.nullable = true;
            return;
        }
        let rank = Kind::rank_of(sample);
        match self.kinds.iter_mut().find(|kind| kind.rank() == rank) {
            Some(kind) => kind.observe(sample),
            None => self.kinds.extend(Kind::of(sample)),
        }
    }

    /// Widens this shape by `other`, taking its parts instead of copying
    /// them when this shape has seen nothing yet.
    pub fn absorb_owned(&mut self, other: Shape) {
        if self.kinds.is_empty() && !self.nullable {
            *self = other;
        } else {
            self.absorb(&other);
        }
    }

    /// This shape's kind of the same rank as `kind` (booleans; numbers;
    /// strings; arrays; objects), `kind` itself pushed when there is none.
    #[inline]
    pub(crate) fn kind_like(&mut self, kind: Kind) -> &mut Kind {
        let rank = kind.rank();
        self.kind_of_rank(rank, || kind)
    }

    /// This shape's object kind, an empty one added when there is none.
    /// Only then is one built: most objects folded in are not the first.
    #[inline]
    pub(crate) fn object_kind(&mut self) -> Option<&mut ObjectShape> {
        match self.kind_of_rank(OBJECT_RANK, || Kind::Object(ObjectShape::default())) {
            Kind::Object(object) => Some(object),
            _ => None,
        }
    }

    /// The shape of this shape's array items, an array kind added when
    /// there is none (its box allocated only then).
    #[inline]
    pub(crate) fn array_items(&mut self) -> Option<&mut Shape> {
        match self.kind_of_rank(ARRAY_RANK, || Kind::Array(Box::default())) {
            Kind::Array(items) => Some(items),
            _ => None,
        }
    }

    /// This shape's kind of rank `rank`, `make()` pushed when there is none.
    #[inline]
    fn kind_of_rank(&mut self, rank: u8, make: impl FnOnce() -> Kind) -> &mut Kind {
        let position = match self.kinds.iter().position(|seen| seen.rank() == rank) {
            Some(position) => position,
            None => {
                self.kinds.push(make());
                self.kinds.len().saturating_sub(1)
            }
        };
        &mut self.kinds[position]
    }

    /// The shape that accepts every sample either shape accepts.
    pub fn merge(&self, other: &Shape) -> Shape {
        let mut merged = self.clone();
        merged.absorb(other);
        merged
    }

    /// Widens this shape, in place, to accept every sample `other` accepts
    /// (no copy of this shape is made: map values fold thousands of shapes).
    pub fn absorb(&mut self, other: &Shape) {
        for kind in &other.kinds {
            match self.kinds.iter_mut().find(|seen| seen.mergeable_with(kind)) {
                Some(seen) => seen.absorb(kind),
                None => self.kinds.push(kind.clone()),
            }
        }
        self.nullable = self.nullable || other.nullable;
    }

    /// No sample said anything about the value (only `[]` elements or nulls).
    pub fn is_unknown(&self) -> bool {
        self.kinds.is_empty()
    }
}

impl Kind {
    /// The kind of a sample; `None` for `null`, a nullability, not a kind.
    fn of(sample: &Value) -> Option<Kind> {
        Some(match sample {
            Value::Bool(_) => Kind::Boolean,
            // Whole numbers beyond i64 (a u64 above i64::MAX, or longer ones
            // serde_json reads as f64) are `number`: typify's i64 would
            // reject them at runtime, f64 decodes them (inexactly).
            Value::Number(number) if number.is_i64() => Kind::Integer,
            Value::Number(_) => Kind::Number,
            Value::String(text) => Kind::String(StringFacts {
                all_date_time: is_strict_date_time(text),
            }),
            Value::Array(elements) => {
                let mut items = Shape::default();
                elements.iter().for_each(|element| items.observe(element));
                Kind::Array(Box::new(items))
            }
            Value::Object(map) => Kind::Object(object_shape(map)),
            Value::Null => return None,
        })
    }

    fn rank_of(sample: &Value) -> u8 {
        match sample {
            Value::Bool(_) => 0,
            Value::Number(_) => 1,
            Value::String(_) => 2,
            Value::Array(_) => 3,
            Value::Object(_) | Value::Null => 4,
        }
    }

    /// Folds a sample of the same rank into this kind.
    fn observe(&mut self, sample: &Value) {
        match (self, sample) {
            (kind @ Kind::Integer, Value::Number(number)) if !number.is_i64() => {
                *kind = Kind::Number
            }
            (Kind::String(facts), Value::String(text)) => {
                facts.all_date_time = facts.all_date_time && is_strict_date_time(text);
            }
            (Kind::Array(items), Value::Array(elements)) => {
                elements.iter().for_each(|e| items.observe(e))
            }
            (Kind::Object(object), Value::Object(map)) => {
                object.samples = object.samples.saturating_add(1);
                for (key, value) in map {
                    match object.position(key) {
                        Some(place) => {
                            if let Some(slot) = object.slots.get_mut(place) {
                                slot.shape.observe(value);
                                slot.count = slot.count.saturating_add(1);
                            }
                        }
                        None => object.push(key, Shape::of(value), 1, 0),
                    }
                }
            }
            _ => {}
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Kind::Boolean => 0,
            Kind::Integer | Kind::Number => 1,
            Kind::String(_) => 2,
            Kind::Array(_) => ARRAY_RANK,
            Kind::Object(_) => OBJECT_RANK,
        }
    }

    fn mergeable_with(&self, other: &Kind) -> bool {
        self.rank() == other.rank()
    }

    /// Widens this kind, in place, by another of the same rank.
    fn absorb(&mut self, other: &Kind) {
        match (self, other) {
            (kind @ Kind::Integer, Kind::Number) => *kind = Kind::Number,
            (Kind::String(a), Kind::String(b)) => {
                a.all_date_time = a.all_date_time && b.all_date_time
            }
            (Kind::Array(a), Kind::Array(b)) => a.absorb(b),
            (Kind::Object(a), Kind::Object(b)) => a.absorb(b),
            // Integer with integer, number with either, boolean with boolean:
            // nothing to widen. Kinds of different ranks never meet here.
            _ => {}
        }
    }
}

fn object_shape(map: &Map<String, Value>) -> ObjectShape {
    let mut object = ObjectShape {
        samples: 1,
        ..ObjectShape::default()
    };
    for (key, value) in map {
        object.push(key, Shape::of(value), 1, 0);
    }
    object
}

/// Strict RFC 3339: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, a real date.
///
/// Stricter than chrono's parser, which also takes a space for `T`: Zoho's
/// `2018-02-02T10:30:00 05:30` (a `+` lost to form-decoding) must stay a string.
pub fn is_strict_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    let shape_ok = bytes.len() >= 20
        && digits(0..4)
        && bytes[4] == b'-'
        && digits(5..7)
        && bytes[7] == b'-'
        && digits(8..10)
        && bytes[10] == b'T'
        && digits(11..13)
        && bytes[13] == b':'
        && digits(14..16)
        && bytes[16] == b':'
        && digits(17..19);
    if !shape_ok {
        return false;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let length = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if length == 0 {
            return false;
        }
        rest = &fraction[length..];
    }
    let offset_ok = rest == "Z"
        || (rest.len() == 6
            && (rest.starts_with('+') || rest.starts_with('-'))
            && rest[1..3].bytes().all(|b| b.is_ascii_digit())
            && &rest[3..4] == ":"
            && rest[4..6].bytes().all(|b| b.is_ascii_digit()));
    offset_ok && chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

fn is_uuid(text: &str) -> bool {
    // Five groups of hex digits, 8-4-4-4-12 long (checked without
    // collecting them: this runs for every key of every object).
    let mut groups = text.split('-');
    [8, 4, 4, 4, 12].iter().all(|&length| {
        groups.next().is_some_and(|group| {
            group.len() == length && group.bytes().all(|b| b.is_ascii_hexdigit())
        })
    }) && groups.next().is_none()
}

/// The names of the kinds in a shape, for messages.
pub fn kind_names(shape: &Shape) -> BTreeSet<&'static str> {
    shape
        .kinds
        .iter()
        .map(|kind| match kind {
            Kind::Boolean => "boolean",
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::String(_) => "string",
            Kind::Array(_) => "array",
            Kind::Object(_) => "object",
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_five_hex_groups_of_the_right_lengths() {
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
        assert!(is_uuid("ABCDEF01-2345-6789-abcd-ef0123456789"));
        for text in [
            "",
            "123e4567-e89b-12d3-a456",
            "123e4567-e89b-12d3-a456-426614174000-1",
            "123e4567-e89b-12d3-a456-42661417400",
            "123e4567-e89b-12d3-a456-426614174000-",
            "123e4567e89b-12d3-a456-426614174000",
            "123e4567-e89b-12d3-a456-42661417400g",
            "----",
        ] {
            assert!(!is_uuid(text), "{text:?}");
        }
    }
    use serde_json::json;

    fn infer(samples: &[Value]) -> Shape {
        samples.iter().fold(Shape::default(), |mut shape, sample| {
            shape.observe(sample);
            shape
        })
    }

    fn object(shape: &Shape) -> &ObjectShape {
        match shape.kinds.as_slice() {
            [Kind::Object(object)] => object,
            other => panic!("expected one object kind, got {other:?}"),
        }
    }

    #[test]
    fn required_means_present_in_every_sample() {
        let shape = infer(&[json!({"a": 1, "b": 2}), json!({"a": 3})]);
        let object = object(&shape);
        let required: Vec<_> = object
            .properties()
            .map(|(name, _, count)| (name, object.is_required(count)))
            .collect();
        assert_eq!(required, [("a", true), ("b", false)]);
    }

    #[test]
    fn objects_inside_arrays_merge_across_samples() {
        let shape = infer(&[json!({"w": [{"x": 1}]}), json!({"w": [{"y": "s"}]})]);
        let w = object(&shape)
            .properties()
            .next()
            .map(|(_, shape, _)| shape);
        let Some([Kind::Array(items)]) = w.map(|w| w.kinds.as_slice()) else {
            panic!("w is an array")
        };
        let names: Vec<_> = object(items)
            .properties()
            .map(|(name, _, _)| name)
            .collect();
        assert_eq!(names, ["x", "y"]);
        assert_eq!(object(items).samples, 2);
    }

    #[test]
    fn integers_widen_to_number_only_with_a_fraction() {
        assert_eq!(
            infer(&[json!(1), json!(2)]).kinds.as_slice(),
            [Kind::Integer]
        );
        assert_eq!(
            infer(&[json!(1), json!(2.5)]).kinds.as_slice(),
            [Kind::Number]
        );
    }

    #[test]
    fn null_makes_the_other_type_nullable() {
        let shape = infer(&[json!(null), json!("x")]);
        assert!(shape.nullable);
        assert_eq!(
            kind_names(&shape).into_iter().collect::<Vec<_>>(),
            ["string"]
        );
    }

    #[test]
    fn date_time_needs_every_sample_strict_with_an_offset() {
        let strict = |text: &str| is_strict_date_time(text);
        assert!(strict("2021-05-03T20:27:17+05:30"));
        assert!(strict("2021-05-03T20:27:17.123Z"));
        assert!(!strict("2018-02-02T10:30:00 05:30"), "a + lost to a space");
        assert!(!strict("2024-03-01T10:00:00"), "no offset");
        assert!(!strict("2024-03-01 10:00:00Z"), "space for T");
        assert!(!strict("2024-02-30T10:00:00Z"), "no such day");
        let mixed = infer(&[json!("2021-05-03T20:27:17+05:30"), json!("soon")]);
        assert_eq!(
            mixed.kinds.as_slice(),
            [Kind::String(StringFacts {
                all_date_time: false
            })]
        );
    }

    #[test]
    fn digit_strings_stay_strings() {
        let shape = infer(&[json!("4150868000000002179")]);
        assert_eq!(
            kind_names(&shape).into_iter().collect::<Vec<_>>(),
            ["string"]
        );
    }

    #[test]
    fn empty_object_and_array_merge_with_later_samples() {
        let shape = infer(&[
            json!({"d": {}, "l": []}),
            json!({"d": {"k": 1}, "l": [true]}),
        ]);
        let object = object(&shape);
        let shapes: Vec<&Shape> = object.properties().map(|(_, shape, _)| shape).collect();
        let details = super::tests::object(shapes[0]);
        assert_eq!(
            details
                .properties()
                .map(|(name, _, _)| name)
                .collect::<Vec<_>>(),
            ["k"],
            "{{}} merged with the later sample"
        );
        assert_eq!(
            shapes[1].kinds.as_slice(),
            [Kind::Array(Box::new(infer(&[json!(true)])))]
        );
    }

    #[test]
    fn id_keyed_objects_are_maps() {
        let shape = infer(&[json!({"5725767000003000010": ["Mobile"]})]);
        assert!(object(&shape).is_id_keyed_map());
        assert!(!object(&infer(&[json!({"name": 1})])).is_id_keyed_map());
        assert!(!object(&infer(&[json!({})])).is_id_keyed_map());
    }

    #[test]
    fn unmergeable_kinds_are_kept_apart() {
        let shape = infer(&[json!("text"), json!({"a": 1})]);
        assert_eq!(shape.kinds.len(), 2);
    }
}
