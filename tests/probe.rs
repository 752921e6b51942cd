//! `plan --probe` against a real LAN: the far end of the bed's veth sits
//! in a network namespace of the test's own, as another host would,
//! holding one of the file's addresses and running a DHCP server (Debian's
//! dnsmasq) whose pool shares a network's range.
//!
//! Needs root, a running dockerd and dnsmasq: `scripts/testbed`. This
//! kernel has no 8021q, so the probe through a temporary vlan runs in the
//! VM bed (`scripts/vm`), as tests/vm.rs does.

mod common;

use common::bed::{Bed, ok, sh};
use common::vm::{in_vm, inside_vm, link};
use std::process::{Child, Command, Stdio};

/// The LAN on the veth's far end: a namespace holding `b` with NET.2/24,
/// and dnsmasq leasing NET.100 to .200 there. Both go when it drops, and
/// the veth with them.
struct Lan {
    namespace: String,
    mac: String,
    dnsmasq: Child,
}

impl Lan {
    fn new(bed: &Bed, net: &str) -> Lan {
        let namespace = format!("{}lan", bed.project);
        ok("ip", &["netns", "add", &namespace]);
        ok("ip", &["link", "set", &bed.b, "netns", &namespace]);
        let inside = |args: &[&str]| {
            let mut all = vec!["-n", namespace.as_str()];
            all.extend_from_slice(args);
            ok("ip", &all)
        };
        inside(&["addr", "add", &format!("{net}.2/24"), "dev", &bed.b]);
        inside(&["link", "set", &bed.b, "up"]);
        let link = inside(&["-o", "link", "show", &bed.b]);
        let at = link.find("link/ether ").expect("an Ethernet link") + 11;
        let mac = link[at..at + 17].to_string();
        let leases = bed.dir().join("leases");
        let dnsmasq = Command::new("ip")
            .args(["netns", "exec", &namespace, "dnsmasq", "--no-daemon"])
            .args(["--conf-file=/dev/null", "--port=0", "--bind-interfaces"])
            .arg(format!("--interface={}", bed.b))
            .arg(format!("--dhcp-range={net}.100,{net}.200,255.255.255.0"))
            .arg(format!("--dhcp-leasefile={}", leases.display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dnsmasq (scripts/testbed installs it)");
        // Listening once its socket is there; a dnsmasq that could not
        // start says so here, not as a server the probe does not find.
        let mut dnsmasq = dnsmasq;
        let mut listening = false;
        for _ in 0..50 {
            if let Ok(Some(status)) = dnsmasq.try_wait() {
                panic!("dnsmasq exited at start: {status}");
            }
            let sockets = sh(
                "ip",
                &["netns", "exec", &namespace, "ss", "-lunH", "sport", "= :67"],
            );
            if !String::from_utf8_lossy(&sockets.stdout).trim().is_empty() {
                listening = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        assert!(listening, "dnsmasq does not listen on port 67 after 5 s");
        Lan {
            namespace,
            mac,
            dnsmasq,
        }
    }
}

impl Drop for Lan {
    fn drop(&mut self) {
        let _ = self.dnsmasq.kill();
        let _ = self.dnsmasq.wait();
        let _ = sh("ip", &["netns", "delete", &self.namespace]);
    }
}

/// The links a probe may have left on the bed's parent: any with its
/// mark (tests run at once: only this bed's).
fn probe_links(bed: &Bed) -> Vec<String> {
    let text = ok("ip", &["-o", "link", "show"]);
    text.lines()
        .filter(|l| l.contains("alias macrame probe") && l.contains(&format!("@{}:", bed.a)))
        .map(str::to_string)
        .collect()
}

/// The mark's middle word: this process's PID namespace.
fn pid_namespace() -> String {
    std::fs::read_link("/proc/self/ns/pid")
        .unwrap()
        .to_string_lossy()
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

/// Each test its own /24 (they run at once): NET in the text below.
fn file(net: &str) -> String {
    FILE.replace("NET", net)
}

const FILE: &str = "project {project}
network lan {
  parent {a}
  subnet NET.0/24 gateway NET.1 range NET.128/25
}
shim {project}s { network lan; address NET.250 }
container web { image \"{image}\"; command sleep 600; network lan ip NET.2 }
container db { image \"{image}\"; command sleep 600; network lan ip NET.20 }
";

#[test]
fn the_probe_finds_the_address_the_lan_holds_and_the_dhcp_pool_beside_the_range() {
    let bed = Bed::new();
    let lan = Lan::new(&bed, "10.245.1");
    bed.file(&file("10.245.1"));
    let before = bed.snapshot();

    let run = bed.macrame(&["plan", "--probe"]);
    assert_eq!(
        run.status, 1,
        "a taken address fails the plan: {}{}",
        run.stdout, run.stderr
    );
    let out = &run.stdout;
    assert!(
        out.contains(&format!(
            "probe of {}: 3 addresses probed, 1 taken, 1 DHCP server",
            bed.a
        )),
        "{out}{}",
        run.stderr
    );
    assert!(
        out.contains(&format!(
            "error: 10.245.1.2 (container web on network lan) is answered on {} by {}",
            bed.a, lan.mac
        )),
        "the far end holds web's address: {out}"
    );
    assert!(!out.contains("10.245.1.20 ("), "nothing holds db's: {out}");
    assert!(!out.contains("10.245.1.250 ("), "nor the shim's: {out}");
    // dnsmasq hands out .100 to .200: an offer either inside the range
    // (.128 and up) or beside it in the same /24.
    let warning = out
        .lines()
        .find(|l| l.starts_with("warning: DHCP server 10.245.1.2 "))
        .unwrap_or_else(|| panic!("the DHCP server is found: {out}"));
    assert!(warning.contains(&lan.mac), "{warning}");
    assert!(
        warning.contains("network lan's range 10.245.1.128/25"),
        "{warning}"
    );
    assert!(
        warning.contains("exclude 10.245.1.128/25 from the server's pool"),
        "{warning}"
    );
    assert!(
        probe_links(&bed).is_empty(),
        "the temporary link is gone: {:?}",
        probe_links(&bed)
    );

    let run = bed.macrame(&["plan", "--probe", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let finding = &json["probe"][0];
    assert_eq!(finding["parent"], bed.a.as_str());
    assert_eq!(finding["taken"][0]["address"], "10.245.1.2");
    assert_eq!(finding["taken"][0]["mac"], lan.mac.as_str());
    assert_eq!(finding["dhcp"][0]["server"], "10.245.1.2");
    assert_eq!(finding["dhcp"][0]["overlaps"][0]["network"], "lan");
    assert_eq!(bed.snapshot(), before, "nothing was applied");
}

#[test]
fn after_up_the_projects_own_answers_take_nothing() {
    let bed = Bed::new();
    let lan = Lan::new(&bed, "10.246.1");
    bed.file(&file("10.246.1").replace("ip 10.246.1.2 ", "ip 10.246.1.30 "));
    bed.must(&["up", "--progress", "plain"]);
    let run = bed.macrame(&["plan", "--probe"]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "probe of {}: 3 addresses probed, 0 taken, 1 DHCP server",
            bed.a
        )),
        "the containers and the shim answer for themselves: {}",
        run.stdout
    );
    assert!(run.stdout.contains("nothing to do"), "{}", run.stdout);
    drop(lan);
}

#[test]
fn a_probe_link_left_by_a_killed_probe_is_removed_and_no_other() {
    let bed = Bed::new();
    let _lan = Lan::new(&bed, "10.247.1");
    bed.file(&file("10.247.1"));
    // One whose process is gone (no pid reaches 2^22); one of a process
    // that lives (ours); one of a gone process in another PID namespace,
    // which this one cannot see: only the first is the probe's to remove.
    let ns = pid_namespace();
    let gone = format!("{}x", bed.project);
    let alive = format!("{}y", bed.project);
    let elsewhere = format!("{}z", bed.project);
    for (name, mark) in [
        (&gone, format!("macrame probe {ns} 4194304")),
        (&alive, format!("macrame probe {ns} {}", std::process::id())),
        (&elsewhere, "macrame probe 1 4194304".to_string()),
    ] {
        ok(
            "ip",
            &[
                "link", "add", name, "link", &bed.a, "type", "macvlan", "mode", "bridge",
            ],
        );
        ok("ip", &["link", "set", name, "alias", &mark]);
    }
    let run = bed.macrame(&["plan", "--probe"]);
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
    let left = probe_links(&bed);
    assert!(
        !left.iter().any(|l| l.contains(&format!(" {gone}@"))),
        "{left:?}"
    );
    assert!(
        left.iter().any(|l| l.contains(&format!(" {alive}@"))),
        "{left:?}"
    );
    assert!(
        left.iter().any(|l| l.contains(&format!(" {elsewhere}@"))),
        "{left:?}"
    );
    assert_eq!(left.len(), 2, "and the run's own are gone: {left:?}");
    ok("ip", &["link", "delete", &alive]);
    ok("ip", &["link", "delete", &elsewhere]);
}

#[test]
fn a_probe_cut_short_by_a_signal_removes_its_link() {
    let bed = Bed::new();
    // No DHCP server: the probe listens its longest.
    bed.file(&file("10.248.1"));
    let child = Command::new(env!("CARGO_BIN_EXE_macrame"))
        .args(["plan", "--probe", "--file"])
        .arg(bed.path())
        .env("MACRAME_STATE_DIR", &bed.state_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut listening = false;
    for _ in 0..100 {
        if !probe_links(&bed).is_empty() {
            listening = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(listening, "the probe made no link on {}", bed.a);
    ok("kill", &["-INT", &child.id().to_string()]);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The status of every command a signal stopped, as a shell gives it.
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted by a signal (SIGINT or SIGTERM)"),
        "{stderr}"
    );
    assert_eq!(probe_links(&bed), Vec::<String>::new());
}

/// The VM's part: a LAN whose hosts are on tagged vlans.
const TAGGED: &str = "project mtpv
vlan 30 on mtpv0
vlan 31 on mtpv0
network lan { parent mtpv0.30; subnet 10.46.0.0/24 gateway 10.46.0.1 range 10.46.0.128/25 }
network other { parent mtpv0.31; subnet 10.46.1.0/24 gateway 10.46.1.1 }
container web { image \"macrame-test/busybox:latest\"; network lan ip 10.46.0.2 }
container db { image \"macrame-test/busybox:latest\"; network lan ip 10.46.0.20 }
container x { image \"macrame-test/busybox:latest\"; network other ip 10.46.1.2 }
";

/// Through a temporary vlan (the file's are not made yet): the host on
/// vlan 30 answers for its address and serves DHCP; the same address
/// untagged, and nothing on vlan 31, are not heard on vlan 31.
#[test]
fn the_probe_hears_a_tagged_lan_through_a_temporary_vlan() {
    in_vm("inner_tagged", &[], &[]);
}

#[test]
#[ignore = "runs inside the VM, booted by the_probe_hears_a_tagged_lan_through_a_temporary_vlan"]
fn inner_tagged() {
    inside_vm();
    ok(
        "ip",
        &[
            "link", "add", "mtpv0", "type", "veth", "peer", "name", "mtpv1",
        ],
    );
    ok("ip", &["netns", "add", "mtpvlan"]);
    ok("ip", &["link", "set", "mtpv1", "netns", "mtpvlan"]);
    ok("ip", &["link", "set", "mtpv0", "up"]);
    let inside = |args: &[&str]| {
        let mut all = vec!["-n", "mtpvlan"];
        all.extend_from_slice(args);
        ok("ip", &all)
    };
    inside(&["link", "set", "mtpv1", "up"]);
    inside(&[
        "link", "add", "link", "mtpv1", "name", "mtpv1.30", "type", "vlan", "id", "30",
    ]);
    inside(&["link", "set", "mtpv1.30", "up"]);
    inside(&["addr", "add", "10.46.0.2/24", "dev", "mtpv1.30"]);
    // x's address, but untagged: vlan 31 must not hear it.
    inside(&["addr", "add", "10.46.1.2/24", "dev", "mtpv1"]);
    let shown = inside(&["-o", "link", "show", "mtpv1.30"]);
    let at = shown.find("link/ether ").unwrap() + 11;
    let mac = shown[at..at + 17].to_string();
    let mut dnsmasq = Command::new("ip")
        .args([
            "netns",
            "exec",
            "mtpvlan",
            "dnsmasq",
            "--no-daemon",
            "--conf-file=/dev/null",
        ])
        .args([
            "--port=0",
            "--bind-interfaces",
            "--interface=mtpv1.30",
            "--no-ping",
        ])
        .args([
            "--dhcp-range=10.46.0.100,10.46.0.200,255.255.255.0",
            "--dhcp-leasefile=/run/mtpv.leases",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_secs(1));
    std::fs::write("/run/mtpv.mcr", TAGGED).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_macrame"))
        .args(["plan", "--probe", "--no-persist", "-f", "/run/mtpv.mcr"])
        .output()
        .unwrap();
    let _ = dnsmasq.kill();
    let _ = dnsmasq.wait();
    let out = String::from_utf8_lossy(&run.stdout);
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{out}{err}");
    assert!(
        out.contains("probe of mtpv0.30: 2 addresses probed, 1 taken, 1 DHCP server"),
        "{out}{err}"
    );
    assert!(
        out.contains(&format!(
            "error: 10.46.0.2 (container web on network lan) is answered on mtpv0.30 by {mac}"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "warning: DHCP server 10.46.0.2 ({mac}) on mtpv0.30 offers 10.46.0."
        )),
        "{out}"
    );
    assert!(
        out.contains("probe of mtpv0.31: 1 address probed, 0 taken, 0 DHCP servers"),
        "{out}"
    );
    // Nothing of the probe's is left, and the file's vlans are not made.
    let links = ok("ip", &["-o", "link", "show"]);
    assert!(!links.contains("macrame probe"), "{links}");
    assert!(
        link("mtpv0.30").is_none() && link("mtpv0.31").is_none(),
        "{links}"
    );
}
