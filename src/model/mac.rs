//! Ethernet MAC addresses.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MacAddr(pub [u8; 6]);

impl MacAddr {
    /// The group bit: such an address names many receivers, never one
    /// interface (this includes the broadcast address).
    pub fn is_multicast(self) -> bool {
        self.0[0] & 1 == 1
    }

    pub fn is_zero(self) -> bool {
        self.0 == [0; 6]
    }
}

impl FromStr for MacAddr {
    type Err = ();

    /// Six two-digit hex octets separated by `:` (or `-`).
    fn from_str(s: &str) -> Result<Self, ()> {
        let separator = if s.contains('-') { '-' } else { ':' };
        let mut octets = [0u8; 6];
        let mut parts = s.split(separator);
        for octet in &mut octets {
            let part = parts.next().ok_or(())?;
            if part.len() != 2 {
                return Err(());
            }
            *octet = u8::from_str_radix(part, 16).map_err(|_| ())?;
        }
        if parts.next().is_some() {
            return Err(());
        }
        Ok(MacAddr(octets))
    }
}

impl fmt::Display for MacAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g] = self.0;
        write!(f, "{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{g:02x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let mac: MacAddr = "02:42:C0:a8:01:0a".parse().unwrap();
        assert_eq!(mac.to_string(), "02:42:c0:a8:01:0a");
        assert!(!mac.is_multicast());
        assert_eq!("02-42-c0-a8-01-0a".parse::<MacAddr>(), Ok(mac));
        for bad in [
            "02:42:c0:a8:01",
            "02:42:c0:a8:01:0a:00",
            "2:42:c0:a8:01:0a",
            "zz:42:c0:a8:01:0a",
        ] {
            assert!(bad.parse::<MacAddr>().is_err(), "{bad}");
        }
        assert!(
            "01:00:5e:00:00:01"
                .parse::<MacAddr>()
                .unwrap()
                .is_multicast()
        );
        assert!("00:00:00:00:00:00".parse::<MacAddr>().unwrap().is_zero());
    }
}
