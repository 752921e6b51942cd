//! `lint`, `plan` (without `--probe`), `ps`, `config` and `graph` change
//! nothing: while each runs against a project that is up, the engine's
//! event stream (`docker events`) and the kernel's (`ip monitor`: links,
//! addresses, routes) say nothing of the project's links. Both streams
//! are shared with whatever else runs on the engine and the kernel (other
//! test binaries, another run): an engine event of another bed's project,
//! or a kernel line that does not name the bed's links, is not this
//! command's. Real engine and kernel (`scripts/testbed`).

mod common;

use common::bed::Bed;
use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const LAN: &str = r#"project {project}
network lan {
  parent {a}
  subnet 10.215.1.0/24 gateway 10.215.1.1
}
shim {a}s { network lan; address 10.215.1.250/32; route 10.215.1.0/28 }
container web { image "{image}"; command "sleep" "3600"; network lan ip 10.215.1.10; gateway lan }
container db { image "{image}"; command "sleep" "3600"; network lan ip 10.215.1.11 }
"#;

fn watch(program: &str, args: &[&str]) -> Child {
    Command::new(program)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The lines of a kernel watcher that name one of `links`: what macrame
/// could have made for this project (its parents and its shim), and
/// nothing that another test binary on the same kernel does meanwhile.
fn ours(kernel: &str, links: &[String]) -> String {
    kernel
        .lines()
        .filter(|line| {
            line.split(|c: char| c.is_whitespace() || c == ':' || c == '@')
                .any(|word| links.iter().any(|link| link == word))
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The engine's events less those of other beds' projects (`mt<hex>` in a
/// container's or network's name or label): every event that names no
/// project counts, so a read-only command that touched anything else
/// than another test's objects is still seen.
fn ours_events(events: &str, project: &str) -> String {
    events
        .lines()
        .filter(|line| {
            let named: Vec<String> = line
                .match_indices("\"mt")
                .map(|(at, _)| {
                    let id: String = line[at + 3..]
                        .chars()
                        .take_while(char::is_ascii_hexdigit)
                        .collect();
                    format!("mt{id}")
                })
                .filter(|bed| bed.len() >= 6)
                .collect();
            named.is_empty() || named.iter().any(|bed| bed == project)
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

/// Waits until the kernel has finished with the bed's links what `up`
/// began: IPv6 duplicate address detection runs after a random delay of
/// up to a second and takes a second or more under load, and ends with an
/// address event of its own. The kernel promises it ends, not when: so
/// wait until no address on `links` is tentative, then for one quiet
/// second on them (at most a minute in all).
fn settle(links: &[String]) {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while std::time::Instant::now() < deadline {
        let tentative = links.iter().any(|link| {
            let out = Command::new("ip")
                .args(["-6", "-o", "addr", "show", "dev", link, "tentative"])
                .output()
                .unwrap();
            !out.stdout.is_empty()
        });
        if tentative {
            std::thread::sleep(Duration::from_millis(200));
            continue;
        }
        let kernel = watch("ip", &["-o", "monitor", "link", "address", "route"]);
        std::thread::sleep(Duration::from_secs(1));
        if ours(&seen(kernel), links).is_empty() {
            return;
        }
    }
    panic!("the kernel did not settle on {links:?} within a minute of `up`");
}

/// What a watcher printed, once stopped.
fn seen(mut child: Child) -> String {
    let _ = child.kill();
    let _ = child.wait();
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    out
}

#[test]
fn the_read_only_commands_change_nothing_on_the_engine_or_the_host() {
    let bed = Bed::new();
    bed.file(LAN);
    bed.must(&["up"]);
    let links = [bed.a.clone(), bed.b.clone(), format!("{}s", bed.a)];
    settle(&links);
    for command in [
        &["lint"][..],
        &["plan"],
        &["plan", "--format", "json"],
        &["ps"],
        &["ps", "--format", "json"],
        &["config"],
        &["graph"],
    ] {
        let events = watch("docker", &["events", "--format", "{{json .}}"]);
        let kernel = watch("ip", &["-o", "monitor", "link", "address", "route"]);
        // Both streams are open before the command starts.
        std::thread::sleep(Duration::from_millis(500));
        let run = if command[0] == "lint" {
            let output = Command::new(env!("CARGO_BIN_EXE_macrame"))
                .arg("lint")
                .arg(bed.path())
                .output()
                .unwrap();
            assert!(output.status.success(), "{output:?}");
            String::from_utf8_lossy(&output.stdout).into_owned()
        } else {
            bed.must(command).stdout
        };
        std::thread::sleep(Duration::from_millis(500));
        let (events, kernel) = (
            ours_events(&seen(events), &bed.project),
            ours(&seen(kernel), &links),
        );
        assert_eq!(
            events,
            "",
            "`macrame {}` made the engine do:\n{events}\n(it printed {run})",
            command.join(" ")
        );
        assert_eq!(
            kernel,
            "",
            "`macrame {}` made the kernel do:\n{kernel}",
            command.join(" ")
        );
    }
    // The watchers do see a change: `down` is one.
    let events = watch("docker", &["events", "--format", "{{json .}}"]);
    let kernel = watch("ip", &["-o", "monitor", "link", "address", "route"]);
    std::thread::sleep(Duration::from_millis(500));
    bed.must(&["down"]);
    std::thread::sleep(Duration::from_millis(500));
    assert!(ours_events(&seen(events), &bed.project).contains("\"destroy\""));
    assert!(ours(&seen(kernel), &links).contains(&format!("{}s", bed.a)));
}
