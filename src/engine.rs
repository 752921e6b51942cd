//! The Docker engine's version and what it can do: the runtime chooses how
//! to apply a topology by these, never by guessing.

use std::fmt;

/// A dotted version, compared numerically: `20.10.24`, API `1.41`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Version(pub u32, pub u32, pub u32);

impl Version {
    /// Reads the leading numbers of `20.10.24+dfsg1` or `1.41`.
    pub fn parse(text: &str) -> Option<Version> {
        let mut parts = text
            .split(|c: char| !c.is_ascii_digit())
            .take_while(|part| !part.is_empty())
            .map(|part| part.parse::<u32>().ok());
        let major = parts.next()??;
        let minor = parts.next().flatten().unwrap_or(0);
        let patch = parts.next().flatten().unwrap_or(0);
        Some(Version(major, minor, patch))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EngineInfo {
    /// As the engine reports it, e.g. `20.10.24+dfsg1`.
    pub version_text: String,
    pub version: Version,
    /// The API version in use (after negotiation), e.g. 1.41.
    pub api: Version,
}

impl EngineInfo {
    pub fn new(version_text: &str, api_text: &str) -> EngineInfo {
        EngineInfo {
            version_text: version_text.to_string(),
            version: Version::parse(version_text).unwrap_or_default(),
            api: Version::parse(api_text).unwrap_or_default(),
        }
    }

    /// Several networks in one container create (API 1.44, Engine 25).
    pub fn multi_network_create(&self) -> bool {
        self.api >= Version(1, 44, 0)
    }

    /// A MAC per endpoint at create (API 1.44).
    pub fn endpoint_mac(&self) -> bool {
        self.api >= Version(1, 44, 0)
    }

    /// `GwPriority` on an endpoint picks the default route (API 1.48).
    pub fn gw_priority(&self) -> bool {
        self.api >= Version(1, 48, 0)
    }

    /// `EnableIPv4: false` on network create without experimental mode
    /// (API 1.48, Engine 28): before it every network gets an IPv4 pool.
    pub fn ipv4_optional(&self) -> bool {
        self.api >= Version(1, 48, 0)
    }

    /// Macvlan networks may share a parent (Engine 27.0), passthru aside.
    pub fn shared_parent(&self) -> bool {
        self.version >= Version(27, 0, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(Version::parse("20.10.24+dfsg1"), Some(Version(20, 10, 24)));
        assert_eq!(Version::parse("1.41"), Some(Version(1, 41, 0)));
        assert_eq!(Version::parse("29.3.1-rc.2"), Some(Version(29, 3, 1)));
        assert_eq!(Version::parse("x"), None);
        let old = EngineInfo::new("20.10.24+dfsg1", "1.41");
        assert!(!old.multi_network_create() && !old.gw_priority() && !old.shared_parent());
        let new = EngineInfo::new("28.2.2", "1.50");
        assert!(new.multi_network_create() && new.gw_priority() && new.shared_parent());
    }
}
