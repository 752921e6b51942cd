//! The outputs for CI and documentation: SARIF (validated against the
//! SARIF 2.1.0 schema), GitHub annotations, graphs, shell completions and
//! the man page.

mod common;

use common::Test;
use serde_json::Value;

const FILE: &str = "\
project lab
network lan {
  parent eth1
  subnet 10.9.0.1/24 gateway 10.9.0.1
}
network spare { parent eth2; subnet 10.8.0.0/24 gateway 10.8.0.1 }
container web {
  image \"nginx:1\"
  network lan ip 10.9.0.10
}
container db { image \"postgres:16\"; network lan ip 10.9.0.10 }
";

/// The schema comes from npm (@microsoft/jest-sarif ships it); the test
/// bed puts it here.
fn schema() -> Value {
    let path = std::env::var("MACRAME_SARIF_SCHEMA").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/target/test-deps/sarif-2.1.0.json"
        )
        .to_string()
    });
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("the SARIF 2.1.0 schema is missing at {path} ({e}): scripts/testbed fetches it")
    });
    // The published schema's `language` patterns have a stray `]`, which
    // ECMA regexes read as a literal and Rust's refuses: escape it.
    let text = text.replace(r#"{2}]?$""#, r#"{2}\\]?$""#);
    serde_json::from_str(&text).unwrap()
}

#[test]
fn sarif_is_valid_sarif_2_1_0_with_one_rule_per_code() {
    let out = Test::new()
        .file("lab.mcr", FILE)
        .args(&["lint", "--format", "sarif", "lab.mcr"])
        .status(1)
        .run();
    let log: Value = serde_json::from_str(&out).unwrap();
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // And the validator does judge: a broken log fails.
    let mut broken = log.clone();
    broken["version"] = Value::String("9".into());
    broken["runs"][0]["results"][0]["level"] = Value::String("fatal".into());
    assert!(validator.iter_errors(&broken).count() >= 2);

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), macrame::diagnostic::Code::ALL.len());
    for rule in rules {
        for field in ["shortDescription", "fullDescription", "help"] {
            assert!(!rule[field]["text"].as_str().unwrap().is_empty(), "{rule}");
        }
    }
    let results = run["results"].as_array().unwrap();
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["subnet-host-bits", "unused-network", "ip-conflict"]);
    let conflict = &results[2];
    assert_eq!(conflict["level"], "error");
    assert_eq!(
        rules[conflict["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "ip-conflict"
    );
    let region = &conflict["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(11), Some(52))
    );
    assert_eq!(
        conflict["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        9
    );
}

#[test]
fn github_annotations() {
    Test::new()
        .file("lab.mcr", FILE)
        .args(&["lint", "--format", "github", "lab.mcr"])
        .status(1)
        .stdout(concat!(
            "::error file=lab.mcr,line=4,col=10,endLine=4,endColumn=21,title=subnet-host-bits::subnet `10.9.0.1/24` of network `lan` has host bits set%0Ahelp: write `10.9.0.0/24`: Docker 25+ refuses a subnet with host bits, and older engines store it as written\n",
            "::warning file=lab.mcr,line=6,col=9,endLine=6,endColumn=14,title=unused-network::no container or shim uses network `spare`%0Ahelp: attach a container (`network spare` in its block) or remove the network\n",
            "::error file=lab.mcr,line=11,col=52,endLine=11,endColumn=61,title=ip-conflict::address 10.9.0.10 of container `db` is already used by container `web`%0Ahelp: give container `db` a free address, e.g. 10.9.0.2\n",
        ))
        .run();
}

#[test]
fn graph_as_dot_and_mermaid() {
    let clean = "project g\nvlan 5 on eth1\nnetwork lan { parent eth1.5; subnet 10.5.0.0/24 gateway 10.5.0.1 }\nshim sh { network lan; address 10.5.0.250/32 }\ncontainer web { image alpine; network lan ip 10.5.0.10 }\n";
    let dot = Test::new()
        .file("macrame.mcr", clean)
        .args(&["graph"])
        .run();
    assert!(dot.starts_with("digraph \"g\" {\n  rankdir=LR;"), "{dot}");
    for part in [
        "nic_eth1 [label=\"eth1\\nhost NIC\"",
        "vlan_eth1_5 [label=\"eth1.5\\nvlan 5\"",
        "net_lan [label=\"lan\\nmacvlan bridge\\n10.5.0.0/24 gw 10.5.0.1\"",
        "nic_eth1 -> vlan_eth1_5 [label=\"802.1q\"];",
        "vlan_eth1_5 -> net_lan;",
        "host -> shim_sh;",
        "net_lan -> ctr_web [label=\"10.5.0.10\"];",
    ] {
        assert!(dot.contains(part), "dot lacks {part}:\n{dot}");
    }
    let mermaid = Test::new()
        .file("macrame.mcr", clean)
        .args(&["graph", "--format", "mermaid"])
        .run();
    assert!(mermaid.starts_with("flowchart LR\n"), "{mermaid}");
    assert!(
        mermaid.contains("  net_lan -- \"10.5.0.10\" --> ctr_web\n"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("  net_lan(\"lan<br/>macvlan bridge<br/>10.5.0.0/24 gw 10.5.0.1\")\n"),
        "{mermaid}"
    );
}

#[test]
fn graph_as_svg_through_graphviz() {
    let file =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/lab.mcr")).unwrap();
    let svg = Test::new()
        .file("macrame.mcr", &file)
        .args(&["graph", "--format", "svg"])
        .run();
    assert!(svg.contains("<svg") && svg.contains("servers"), "{svg}");
    // Without Graphviz on the PATH, the error names the package.
    Test::new()
        .file("macrame.mcr", &file)
        .args(&["graph", "--format", "svg"])
        .env("PATH", "/nonexistent")
        .status(1)
        .stderr_contains("install the `graphviz` package")
        .run();
}

#[test]
fn completions_and_man_page() {
    for (shell, mark) in [
        ("bash", "_macrame()"),
        ("zsh", "#compdef macrame"),
        ("fish", "complete -c macrame"),
    ] {
        let script = Test::new().args(&["completions", shell]).run();
        assert!(script.contains(mark), "{shell}: {script}");
        assert!(
            script.contains("lint") && script.contains("deny-warnings"),
            "{shell}"
        );
    }
    let man = Test::new().args(&["man"]).run();
    assert!(
        man.starts_with(".ie \\n(.g .ds Aq \\(aq") || man.contains(".TH macrame"),
        "{man}"
    );
    assert!(
        man.contains("macrame\\-lint") || man.contains("lint"),
        "{man}"
    );
}
