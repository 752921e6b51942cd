//! The naming rules of Docker and of the kernel, and the names macrame
//! derives from the file.

/// Docker's rule for network and container names: `[A-Za-z0-9][A-Za-z0-9_.-]*`.
pub fn is_docker_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}

/// `name` made a Docker name: every other character a `-`, no leading
/// `_ . -` (`name1` when nothing is left).
pub fn fixed_name(name: &str) -> String {
    let fixed: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "_.-".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let fixed = fixed.trim_start_matches(['_', '.', '-']);
    if fixed.is_empty() {
        "name1".to_string()
    } else {
        fixed.to_string()
    }
}

/// The kernel's maximum interface name length (IFNAMSIZ less the NUL).
pub const IFNAME_MAX: usize = 15;

/// Why the kernel would refuse `name` as an interface name, if it would.
pub fn ifname_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        Some("an interface name cannot be empty".into())
    } else if name.len() > IFNAME_MAX {
        Some(format!(
            "is {} bytes long; the kernel allows at most {IFNAME_MAX}",
            name.len()
        ))
    } else if name == "." || name == ".." {
        Some("`.` and `..` are not interface names".into())
    } else {
        name.chars()
            .find(|c| c.is_whitespace() || "/:".contains(*c))
            .map(|c| format!("contains `{c}`, which the kernel refuses"))
    }
}

/// A project name as Docker Compose makes one from a directory name:
/// lowercase, with only `a-z`, `0-9`, `_` and `-`.
pub fn project_from_dir(dir: &str) -> String {
    let name: String = dir
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "_-".contains(*c))
        .collect();
    let name = name.trim_start_matches(['_', '-']).to_string();
    if name.is_empty() {
        "default".into()
    } else {
        name
    }
}

/// The Docker network's name: `<project>_<network>`.
pub fn docker_network_name(project: &str, network: &str) -> String {
    format!("{project}_{network}")
}

/// The Docker container's name: `<project>-<container>`.
pub fn docker_container_name(project: &str, container: &str) -> String {
    format!("{project}-{container}")
}

/// The interface name of `vlan ID on PARENT`.
pub fn vlan_ifname(parent: &str, id: &str) -> String {
    format!("{parent}.{id}")
}

/// The project name a file gets when it has no `project` line: its
/// directory's name, as Docker Compose does.
pub fn default_project(path: &std::path::Path) -> String {
    let dir = std::fs::canonicalize(path)
        .ok()
        .and_then(|p| p.parent().map(std::path::Path::to_path_buf))
        .or_else(|| std::env::current_dir().ok());
    let name = dir
        .as_deref()
        .and_then(std::path::Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    project_from_dir(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_names() {
        for good in ["lan", "a", "0net", "my_net.v2-x"] {
            assert!(is_docker_name(good), "{good}");
        }
        for bad in ["", "-lan", "_lan", ".lan", "la@n", "la n"] {
            assert!(!is_docker_name(bad), "{bad}");
        }
    }

    #[test]
    fn interface_names() {
        assert_eq!(ifname_problem("eth0.50"), None);
        assert_eq!(ifname_problem("abcdefghijklmno"), None);
        assert!(ifname_problem("abcdefghijklmnop").is_some());
        assert!(ifname_problem("..").is_some());
        assert!(ifname_problem("").is_some());
    }

    #[test]
    fn project_names_from_directories() {
        assert_eq!(project_from_dir("My Lab"), "mylab");
        assert_eq!(project_from_dir("_x.y"), "xy");
        assert_eq!(project_from_dir("..."), "default");
    }
}
