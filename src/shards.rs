//! `SHARDS`: which of the bot's gateway shards this process runs.

use std::fmt;

use serenity::all::GuildId;

/// Discord recommends a shard per 1 000 servers; this bounds a typo.
const MAX_SHARDS: u32 = 65_536;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Shards {
    /// As many shards as Discord recommends (`GET /gateway/bot`), all here.
    #[default]
    Auto,
    /// Shards `first` through `last` (inclusive) of `total`.
    Range { first: u32, last: u32, total: u32 },
}

impl Shards {
    /// `auto`, or `A-B/N`: shards A through B inclusive of N in all (`0-0/2`, `2-3/4`).
    pub(crate) fn parse(raw: &str) -> Result<Self, String> {
        if raw.eq_ignore_ascii_case("auto") {
            return Ok(Self::Auto);
        }
        let invalid = || {
            format!(
                "`{raw}` must be `auto` or `A-B/N` (shards A through B of N in all, e.g. 0-1/4)"
            )
        };
        let (range, total) = raw.split_once('/').ok_or_else(invalid)?;
        let (first, last) = range.split_once('-').ok_or_else(invalid)?;
        let number = |s: &str| s.trim().parse::<u32>().map_err(|_| invalid());
        let (first, last, total) = (number(first)?, number(last)?, number(total)?);
        if total == 0 || total > MAX_SHARDS {
            return Err(format!("`{raw}`: the total must be from 1 to {MAX_SHARDS}"));
        }
        if first > last || last >= total {
            return Err(format!(
                "`{raw}`: need A ≤ B < N (shards are numbered from 0 to N-1)"
            ));
        }
        Ok(Self::Range { first, last, total })
    }

    /// Whether this process runs the shard that receives `guild`'s events
    /// (Discord puts a server on shard `(id >> 22) % total`).
    pub(crate) fn serves(self, guild: GuildId) -> bool {
        match self {
            Self::Auto => true,
            Self::Range { first, last, total } => {
                let shard = (guild.get() >> 22) % u64::from(total);
                (u64::from(first)..=u64::from(last)).contains(&shard)
            }
        }
    }
}

impl fmt::Display for Shards {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Auto => f.write_str("auto"),
            Self::Range { first, last, total } => write!(f, "{first}-{last}/{total}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_and_inclusive_ranges_are_read() {
        assert_eq!(Shards::parse("auto"), Ok(Shards::Auto));
        assert_eq!(
            Shards::parse("0-0/2"),
            Ok(Shards::Range {
                first: 0,
                last: 0,
                total: 2
            })
        );
        assert_eq!(
            Shards::parse("2-3/4"),
            Ok(Shards::Range {
                first: 2,
                last: 3,
                total: 4
            })
        );
        assert_eq!(Shards::parse("2-3/4").unwrap().to_string(), "2-3/4");
    }

    #[test]
    fn anything_else_is_refused_with_a_reason() {
        for bad in [
            "", "2", "0-1", "1-0/2", "0-2/2", "0-0/0", "a-b/c", "0..1/2", "-1-0/2",
        ] {
            assert!(Shards::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_server_belongs_to_one_shard_of_a_range() {
        let on_shard_1_of_2 = GuildId::new(200_000_000_004_194_305);
        assert!(Shards::Auto.serves(on_shard_1_of_2));
        assert!(Shards::parse("1-1/2").unwrap().serves(on_shard_1_of_2));
        assert!(!Shards::parse("0-0/2").unwrap().serves(on_shard_1_of_2));
    }
}
