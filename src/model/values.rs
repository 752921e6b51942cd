//! The small value languages of container settings: durations, sizes,
//! port mappings, devices, and the names the kernel and the engine know
//! (capabilities, signals, namespaced sysctls). Each parser says what is
//! wrong in words a diagnostic can quote.

use super::options::{Device, Protocol, Publish};
use std::net::IpAddr;
use std::time::Duration;

/// `500ms`, `10s`, `1m30s`, `2h`: Go's duration syntax, which is what
/// Compose users write. A bare number is refused: its unit is ambiguous.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    if text.is_empty() {
        return Err("an empty duration".into());
    }
    let mut total = Duration::ZERO;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(|| format!("`{text}` has no unit: write e.g. `{text}s`"))?;
        if digits == 0 {
            return Err(format!("`{text}` is not a duration"));
        }
        let number: f64 = rest[..digits]
            .parse()
            .map_err(|_| format!("`{}` is not a number", &rest[..digits]))?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let seconds = match &rest[..unit_len] {
            "ms" => 0.001,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            "us" | "µs" => 0.000_001,
            unit => return Err(format!("`{unit}` is not a unit of time (ms, s, m, h)")),
        };
        rest = &rest[unit_len..];
        total += Duration::from_secs_f64(number * seconds);
    }
    Ok(total)
}

/// `512m`, `1g`, `64k`, `1024` (bytes), as Docker's `--memory` reads them.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let lower = text.to_ascii_lowercase();
    let trimmed = lower.strip_suffix('b').unwrap_or(&lower);
    let (number, unit) = match trimmed.find(|c: char| !(c.is_ascii_digit() || c == '.')) {
        Some(at) => trimmed.split_at(at),
        None => (trimmed, ""),
    };
    let factor: u64 = match unit {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        "t" => 1 << 40,
        _ => return Err(format!("`{text}` is not a size: write e.g. `512m` or `1g`")),
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size: write e.g. `512m` or `1g`"))?;
    Ok((value * factor as f64) as u64)
}

/// `8080:80`, `127.0.0.1:8080:80/udp`, `80` (a host port the engine picks).
pub fn parse_publish(text: &str) -> Result<Publish, String> {
    let (ports, protocol) = match text.rsplit_once('/') {
        Some((ports, "tcp")) => (ports, Protocol::Tcp),
        Some((ports, "udp")) => (ports, Protocol::Udp),
        Some((ports, "sctp")) => (ports, Protocol::Sctp),
        Some((_, other)) => return Err(format!("`{other}` is not a protocol (tcp, udp, sctp)")),
        None => (text, Protocol::Tcp),
    };
    let port = |text: &str| -> Result<u16, String> {
        match text.parse::<u16>() {
            Ok(port) if port > 0 => Ok(port),
            _ => Err(format!("`{text}` is not a port (1 to 65535)")),
        }
    };
    let parts: Vec<&str> = ports.rsplitn(3, ':').collect();
    let (address, host, container) = match parts.as_slice() {
        [container] => (None, None, *container),
        [container, host] => (None, Some(*host), *container),
        [container, host, address] => (Some(*address), Some(*host), *container),
        _ => unreachable!("rsplitn(3) yields one to three parts"),
    };
    let address = match address {
        Some(address) => Some(
            address
                .trim_matches(['[', ']'])
                .parse::<IpAddr>()
                .map_err(|_| format!("`{address}` is not an IP address"))?,
        ),
        None => None,
    };
    Ok(Publish {
        address,
        host_port: host.filter(|h| !h.is_empty()).map(port).transpose()?,
        container_port: port(container)?,
        protocol,
    })
}

/// `HOST[:CONTAINER[:rwm]]`.
pub fn parse_device(text: &str) -> Result<Device, String> {
    let parts: Vec<&str> = text.split(':').collect();
    let (host, container, permissions) = match parts.as_slice() {
        [host] => (*host, *host, "rwm"),
        [host, last] if last.chars().all(|c| "rwm".contains(c)) && !last.starts_with('/') => {
            (*host, *host, *last)
        }
        [host, container] => (*host, *container, "rwm"),
        [host, container, permissions] => (*host, *container, *permissions),
        _ => return Err(format!("`{text}` has too many `:`")),
    };
    for path in [host, container] {
        if !path.starts_with('/') {
            return Err(format!("`{path}` is not an absolute path"));
        }
    }
    if permissions.is_empty() || !permissions.chars().all(|c| "rwm".contains(c)) {
        return Err(format!(
            "`{permissions}` are not device permissions (some of r, w, m)"
        ));
    }
    Ok(Device {
        host: host.to_string(),
        container: container.to_string(),
        permissions: permissions.to_string(),
    })
}

/// The capabilities of capabilities(7), without `CAP_`: what the engine
/// accepts (it refuses any other with "unknown capability").
pub const CAPABILITIES: &[&str] = &[
    "AUDIT_CONTROL",
    "AUDIT_READ",
    "AUDIT_WRITE",
    "BLOCK_SUSPEND",
    "BPF",
    "CHECKPOINT_RESTORE",
    "CHOWN",
    "DAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "FOWNER",
    "FSETID",
    "IPC_LOCK",
    "IPC_OWNER",
    "KILL",
    "LEASE",
    "LINUX_IMMUTABLE",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "MKNOD",
    "NET_ADMIN",
    "NET_BIND_SERVICE",
    "NET_BROADCAST",
    "NET_RAW",
    "PERFMON",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYSLOG",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_CHROOT",
    "SYS_MODULE",
    "SYS_NICE",
    "SYS_PACCT",
    "SYS_PTRACE",
    "SYS_RAWIO",
    "SYS_RESOURCE",
    "SYS_TIME",
    "SYS_TTY_CONFIG",
    "WAKE_ALARM",
];

/// A capability in the engine's own spelling (`CAP_NET_ADMIN`: what it
/// records for clients of API 1.40 and later, whichever way it is
/// written), or `ALL`;
/// `None` when the kernel has no such capability.
pub fn capability(text: &str) -> Option<String> {
    let upper = text.to_ascii_uppercase();
    if upper == "ALL" {
        return Some(upper);
    }
    let bare = upper.strip_prefix("CAP_").unwrap_or(&upper);
    CAPABILITIES.contains(&bare).then(|| format!("CAP_{bare}"))
}

/// Signal names as the engine takes them (`SIGINT`), for `stop-signal`.
pub const SIGNALS: &[&str] = &[
    "SIGABRT",
    "SIGALRM",
    "SIGBUS",
    "SIGCHLD",
    "SIGCONT",
    "SIGFPE",
    "SIGHUP",
    "SIGILL",
    "SIGINT",
    "SIGIO",
    "SIGKILL",
    "SIGPIPE",
    "SIGPROF",
    "SIGPWR",
    "SIGQUIT",
    "SIGSEGV",
    "SIGSTKFLT",
    "SIGSTOP",
    "SIGSYS",
    "SIGTERM",
    "SIGTRAP",
    "SIGTSTP",
    "SIGTTIN",
    "SIGTTOU",
    "SIGURG",
    "SIGUSR1",
    "SIGUSR2",
    "SIGVTALRM",
    "SIGWINCH",
    "SIGXCPU",
    "SIGXFSZ",
];

/// `SIGINT`, `INT`, `2` or `SIGRTMIN+3` in the engine's spelling.
pub fn signal(text: &str) -> Option<String> {
    if let Ok(number) = text.parse::<u8>() {
        return (1..=64).contains(&number).then(|| text.to_string());
    }
    let upper = text.to_ascii_uppercase();
    let named = if upper.starts_with("SIG") {
        upper
    } else {
        format!("SIG{upper}")
    };
    if SIGNALS.contains(&named.as_str()) {
        return Some(named);
    }
    let realtime = named
        .strip_prefix("SIGRTMIN+")
        .or_else(|| named.strip_prefix("SIGRTMAX-"));
    match realtime.map(str::parse::<u8>) {
        Some(Ok(offset)) if offset <= 30 => Some(named),
        _ => None,
    }
}

/// Whether the kernel keeps a sysctl per network or IPC namespace: the
/// engine refuses every other one ("not in a separate kernel namespace").
pub fn namespaced_sysctl(key: &str) -> bool {
    key.starts_with("net.")
        || key.starts_with("fs.mqueue.")
        || key.starts_with("kernel.msg")
        || key.starts_with("kernel.shm")
        || key == "kernel.sem"
        || key == "kernel.domainname"
        || key == "kernel.hostname"
}

/// The kinds of `security-opt` the engine reads.
pub const SECURITY_OPTS: &[&str] = &[
    "no-new-privileges",
    "seccomp",
    "apparmor",
    "label",
    "systempaths",
    "writable-cgroups",
    "mask",
    "unmask",
];

/// Whether `text` is a security option the engine knows.
pub fn security_opt(text: &str) -> bool {
    let kind = text.split(['=', ':']).next().unwrap_or(text);
    SECURITY_OPTS.contains(&kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_go_writes_them() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert!(parse_duration("10").is_err());
        assert!(parse_duration("10x").is_err());
        assert!(parse_duration("s").is_err());
    }

    #[test]
    fn sizes_read_as_docker_reads_them() {
        assert_eq!(parse_size("512m"), Ok(512 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("64kb"), Ok(64 << 10));
        assert_eq!(parse_size("1024"), Ok(1024));
        assert!(parse_size("big").is_err());
    }

    #[test]
    fn port_mappings() {
        let publish = parse_publish("127.0.0.1:8080:80/udp").unwrap();
        assert_eq!(publish.address, Some("127.0.0.1".parse().unwrap()));
        assert_eq!(publish.host_port, Some(8080));
        assert_eq!(publish.container_port, 80);
        assert_eq!(publish.protocol, Protocol::Udp);
        assert_eq!(parse_publish("80").unwrap().host_port, None);
        assert!(parse_publish("8080:0").is_err());
        assert!(parse_publish("8080:80/icmp").is_err());
    }

    #[test]
    fn devices() {
        let device = parse_device("/dev/net/tun").unwrap();
        assert_eq!(
            (device.container.as_str(), device.permissions.as_str()),
            ("/dev/net/tun", "rwm")
        );
        let device = parse_device("/dev/ttyUSB0:/dev/zigbee:rw").unwrap();
        assert_eq!(device.container, "/dev/zigbee");
        assert_eq!(parse_device("/dev/fuse:r").unwrap().permissions, "r");
        assert!(parse_device("ttyUSB0").is_err());
    }

    #[test]
    fn names_the_engine_knows() {
        assert_eq!(capability("net_admin").as_deref(), Some("CAP_NET_ADMIN"));
        assert_eq!(capability("CAP_SYS_TIME").as_deref(), Some("CAP_SYS_TIME"));
        assert_eq!(capability("NET_ADMN"), None);
        assert_eq!(signal("INT").as_deref(), Some("SIGINT"));
        assert_eq!(signal("SIGRTMIN+3").as_deref(), Some("SIGRTMIN+3"));
        assert_eq!(signal("SIGFOO"), None);
        assert!(namespaced_sysctl("net.ipv4.ip_forward"));
        assert!(!namespaced_sysctl("vm.swappiness"));
        assert!(security_opt("no-new-privileges:true"));
        assert!(security_opt("seccomp=unconfined"));
        assert!(!security_opt("nonewprivileges"));
    }
}
