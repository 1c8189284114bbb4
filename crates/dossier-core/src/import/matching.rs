//! Duplicate matching: the events of *other* imports already in the case,
//! indexed so that a record of this export finds the one event it repeats
//! (same channel, direction and party within [`TOLERANCE_MS`], same
//! duration or text, or the same export id). Records of one export are
//! never matched with each other, and each earlier event is matched once.

use super::*;

/// An existing event a record may be the same as.
#[derive(Debug, Clone)]
pub(crate) struct Known {
    pub(crate) id: i64,
    pub(crate) at_ms: i64,
    pub(crate) duration_ms: Option<i64>,
    pub(crate) body: Option<String>,
    /// The event's first source: its exhibit and record (`None` for events
    /// of the import under way).
    pub(crate) exhibit: i64,
    pub(crate) record: Option<String>,
    /// The id its first source's export gives it (see [`Record::source_id`]).
    pub(crate) source_id: Option<String>,
    /// Its party's key (`tel:+86…`, `mask:+86138****1234`), `None` for no one.
    pub(crate) party_key: Option<String>,
    /// The export wholly masked its number (`event_mask`, no party yet).
    pub(crate) masked: bool,
}

/// Whether a partly masked number (`+86138****1234`) can be `number`
/// (`+8613812341234`): the same length, the same digit wherever one shows.
pub(crate) fn mask_fits(mask: &str, number: &str) -> bool {
    mask.len() == number.len()
        && mask
            .bytes()
            .zip(number.bytes())
            .all(|(m, n)| m == b'*' || m == n)
}

/// What must match for two records to be one event, and the second the
/// event falls in.
pub(crate) type KnownKey = (u8, Option<Direction>, Option<i64>, i64);

/// A hasher for the import's own small keys (numbers, short strings): the
/// multiply-and-rotate of Firefox and rustc ("FxHash"). The standard
/// SipHash guards maps against keys chosen to collide; these maps live for
/// one import and their keys come from the export being read, so the worst
/// an export could do is slow its own import.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

pub(crate) type FastSet<K> = HashSet<K, std::hash::BuildHasherDefault<FastHasher>>;

/// The events of one key and second: nearly always one.
#[derive(Debug)]
pub(crate) enum Bucket {
    One(Known),
    Many(Vec<Known>),
}

impl Bucket {
    pub(crate) fn iter(&self) -> std::slice::Iter<'_, Known> {
        match self {
            Bucket::One(k) => std::slice::from_ref(k).iter(),
            Bucket::Many(ks) => ks.iter(),
        }
    }
}

/// Events of the case (and of this import, as they are added) by channel,
/// direction, party and second, so that finding a match looks at three
/// small buckets.
#[derive(Debug, Default)]
pub(crate) struct KnownEvents {
    pub(crate) buckets: FastMap<KnownKey, Bucket>,
    /// The same events by channel, direction and second, whoever the
    /// party: a masked number (a carrier list's `***`) may be any of them.
    pub(crate) loose: FastMap<(u8, Option<Direction>, i64), Vec<Known>>,
    /// Events of the case already loaded (chunks' time ranges overlap).
    pub(crate) loaded: FastSet<i64>,
}

pub(crate) fn channel_code(channel: &str) -> u8 {
    match channel {
        "call" => 1,
        "sms" => 2,
        "mms" => 3,
        "chat" => 4,
        _ => 0,
    }
}

impl KnownEvents {
    /// Loads the case's imported events a chunk of records may repeat: those
    /// of its channels in its time range (with the tolerance to spare).
    pub(crate) fn load_for(
        &mut self,
        tx: &Transaction<'_>,
        chunk: &[Record],
        import_id: i64,
    ) -> rusqlite::Result<()> {
        let (Some(from), Some(to)) = (
            chunk.iter().map(|r| r.at).min(),
            chunk.iter().map(|r| r.at).max(),
        ) else {
            return Ok(());
        };
        let mut channels: Vec<&str> = chunk.iter().map(|r| r.channel).collect();
        channels.sort_unstable();
        channels.dedup();
        let mut stmt = tx.prepare_cached(
            "SELECT e.id, e.channel, e.direction, e.party_id, e.occurred_at, e.duration_ms, e.body, e.exhibit,
                    e.record, k.source_id, p.key,
                    e.party_id IS NULL AND EXISTS (SELECT 1 FROM event_mask m WHERE m.event_id = e.id)
             FROM event e LEFT JOIN record_key k ON k.exhibit = e.exhibit AND k.record = e.record
                  LEFT JOIN party p ON p.id = e.party_id
             WHERE e.import_id IS NOT NULL AND e.import_id != ?4 AND e.channel = ?1
               AND e.occurred_at BETWEEN ?2 AND ?3",
        )?;
        let margin = jiff::SignedDuration::from_secs(2);
        let (from, to) = (format_utc(from - margin), format_utc(to + margin));
        for channel in &channels {
            // Records of one export are never each other's duplicates:
            // the events this import wrote in earlier chunks are left out.
            let mut rows = stmt.query(params![channel, from, to, import_id])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                if !self.loaded.insert(id) {
                    continue;
                }
                let channel: String = r.get(1)?;
                let direction: Option<String> = r.get(2)?;
                let at: String = r.get(4)?;
                let Some(at) = crate::clock::parse_utc(&at) else {
                    continue;
                };
                let known = Known {
                    id,
                    at_ms: at.as_millisecond(),
                    duration_ms: r.get(5)?,
                    body: r.get(6)?,
                    exhibit: r.get(7)?,
                    record: Some(r.get(8)?),
                    source_id: r.get(9)?,
                    party_key: r.get(10)?,
                    masked: r.get(11)?,
                };
                self.insert(
                    &channel,
                    direction.as_deref().and_then(Direction::parse),
                    r.get(3)?,
                    known,
                );
            }
        }
        Ok(())
    }

    pub(crate) fn insert(
        &mut self,
        channel: &str,
        direction: Option<Direction>,
        party: Option<i64>,
        known: Known,
    ) {
        let key = (
            channel_code(channel),
            direction,
            party,
            known.at_ms.div_euclid(1000),
        );
        self.loose
            .entry((key.0, key.1, key.3))
            .or_default()
            .push(known.clone());
        match self.buckets.entry(key) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(Bucket::One(known));
            }
            std::collections::hash_map::Entry::Occupied(mut slot) => {
                let bucket = slot.get_mut();
                match bucket {
                    Bucket::Many(list) => list.push(known),
                    Bucket::One(_) => {
                        if let Bucket::One(first) =
                            std::mem::replace(bucket, Bucket::Many(Vec::new()))
                        {
                            *bucket = Bucket::Many(vec![first, known]);
                        }
                    }
                }
            }
        }
    }

    /// The event of another export `record` is the same as, if any: one
    /// no other record of this import has claimed (a collector who sends
    /// the same text twice is two events in every export), preferring the
    /// very record of the same file imported again. Where both exports
    /// give their records ids, the ids decide.
    pub(crate) fn find(
        &self,
        record: &Record,
        party: Option<i64>,
        exhibit: i64,
        claimed: &FastSet<i64>,
    ) -> Option<&Known> {
        let at = record.at.as_millisecond();
        let second = at.div_euclid(1000);
        let code = channel_code(record.channel);
        let exact = (second - 1..=second + 1)
            .filter_map(|s| self.buckets.get(&(code, record.direction, party, s)))
            .flat_map(Bucket::iter);
        if let Some(k) = Self::best(record, exhibit, claimed, exact) {
            return Some(k);
        }
        // A masked number may be any party, and a full number may be the
        // one a carrier list masked: the same time, direction and duration
        // or text make them one event, so one call is never counted twice.
        let fits = |k: &Known| match (&record.address, k.party_key.as_deref()) {
            (Address::Masked(None), _) => true,
            (Address::Masked(Some(mask)), Some(key)) => {
                key.strip_prefix("tel:").is_some_and(|n| mask_fits(mask, n))
            }
            (Address::Masked(Some(_)), None) => k.masked,
            (Address::Number(n), Some(key)) => key
                .strip_prefix("mask:")
                .is_some_and(|mask| mask_fits(mask, n)),
            (Address::Number(_), None) => k.masked,
            _ => false,
        };
        if !record.address.is_masked() && !matches!(record.address, Address::Number(_)) {
            return None;
        }
        let loose = (second - 1..=second + 1)
            .filter_map(|s| self.loose.get(&(code, record.direction, s)))
            .flatten()
            .filter(|k| fits(k));
        Self::best(record, exhibit, claimed, loose)
    }

    /// The first of `candidates` that is the same as `record` and not
    /// claimed, preferring the very record of the same file imported again.
    pub(crate) fn best<'k>(
        record: &Record,
        exhibit: i64,
        claimed: &FastSet<i64>,
        candidates: impl Iterator<Item = &'k Known>,
    ) -> Option<&'k Known> {
        let at = record.at.as_millisecond();
        let duration = record.duration_ms.map(|d| d as i64);
        let mut found: Option<&Known> = None;
        for k in candidates {
            if claimed.contains(&k.id) {
                continue;
            }
            let same = match (&record.source_id, &k.source_id) {
                (Some(a), Some(b)) => a == b,
                _ => {
                    (k.at_ms - at).abs() <= TOLERANCE_MS
                        && if record.channel == "call" {
                            close(k.duration_ms, duration)
                        } else {
                            k.body == record.body
                        }
                }
            };
            if !same {
                continue;
            }
            if k.exhibit == exhibit && k.record.as_deref() == Some(record.position.as_str()) {
                return Some(k);
            }
            found = found.or(Some(k));
        }
        found
    }
}
