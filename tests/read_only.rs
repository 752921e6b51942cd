//! `lint`, `plan` (without `--probe`), `ps`, `config` and `graph` change
//! nothing: while each runs against a project that is up, the engine's
//! event stream (`docker events`) and the kernel's (`ip monitor`: links,
//! addresses, routes) say nothing. A file of its own, so that no other
//! test's work shows in the streams. Real engine and kernel
//! (`scripts/testbed`).

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
    // The kernel finishes on its own what `up` began (IPv6 duplicate
    // address detection on the new links): wait for a quiet second.
    for _ in 0..20 {
        let kernel = watch("ip", &["-o", "monitor", "link", "address", "route"]);
        std::thread::sleep(Duration::from_secs(1));
        if seen(kernel).is_empty() {
            break;
        }
    }
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
        let (events, kernel) = (seen(events), seen(kernel));
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
    assert!(seen(events).contains("\"destroy\""));
    assert!(seen(kernel).contains(&format!("{}s", bed.a)));
}
