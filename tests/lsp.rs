//! The real language server over stdio, JSON-RPC in and out: initialize,
//! open a file with mistakes, receive the diagnostics, hover, go to
//! definition, find references, complete, outline, format, shut down.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_macrame"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Server {
            child,
            stdin,
            stdout,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn receive(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.stdout.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    /// A request's result, skipping notifications in between.
    fn request(&mut self, id: u64, method: &str, params: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.receive();
            if message["id"] == json!(id) {
                assert!(message.get("error").is_none(), "{method}: {message}");
                return message["result"].clone();
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn diagnostics(&mut self) -> Value {
        loop {
            let message = self.receive();
            if message["method"] == "textDocument/publishDiagnostics" {
                return message["params"].clone();
            }
        }
    }
}

const URI: &str = "file:///tmp/lab/macrame.mcr";

const TEXT: &str = "project lab
network lan { parent eth1; subnet 10.1.0.1/24 gateway 10.1.0.1 }
network wan {
  parent eth2
  subnet 10.2.0.0/24 gateway 10.2.0.1
}
container web {
  image \"nginx:1\"
  network lan ip 10.1.0.10
  network wan ip 10.2.0.10
  gateway lna
}
";

/// The labels of a completion answer.
fn labels(completion: &Value) -> Vec<&str> {
    completion
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect()
}

fn position(line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}})
}

#[test]
fn a_session_with_the_real_server() {
    let mut server = Server::start();
    let result = server.request(
        1,
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    let capabilities = &result["capabilities"];
    for capability in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "documentSymbolProvider",
        "documentFormattingProvider",
        "completionProvider",
    ] {
        assert!(
            !capabilities[capability].is_null(),
            "{capability} missing: {capabilities}"
        );
    }
    server.notify("initialized", json!({}));

    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "macrame", "version": 1, "text": TEXT}}),
    );
    let published = server.diagnostics();
    assert_eq!(published["uri"], URI);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["subnet-host-bits", "unknown-network"],
        "{published}"
    );
    let host_bits = &diagnostics[0];
    assert_eq!(
        host_bits["range"],
        json!({"start": {"line": 1, "character": 34}, "end": {"line": 1, "character": 45}})
    );
    assert_eq!(host_bits["severity"], 1);
    assert_eq!(host_bits["source"], "macrame");
    assert!(
        host_bits["message"]
            .as_str()
            .unwrap()
            .contains("help: write `10.1.0.0/24`")
    );
    let unknown = &diagnostics[1];
    assert!(
        unknown["message"]
            .as_str()
            .unwrap()
            .starts_with("no network is named `lna`, did you mean `lan`?")
    );

    // Hover on `wan` in its declaration.
    let hover = server.request(2, "textDocument/hover", position(2, 9));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("**network wan**"), "{text}");
    assert!(
        text.contains("subnet `10.2.0.0/24`: 254 host addresses, 252 free; gateway `10.2.0.1`"),
        "{text}"
    );
    // Hover on an address.
    let hover = server.request(3, "textDocument/hover", position(8, 19));
    assert_eq!(
        hover["contents"]["value"],
        "`10.1.0.10` lies in subnet `10.1.0.0/24` of network `lan`"
    );

    // Go to definition from `network wan ip ...` in the container.
    let definition = server.request(4, "textDocument/definition", position(9, 11));
    assert_eq!(definition["uri"], URI);
    assert_eq!(
        definition["range"]["start"],
        json!({"line": 2, "character": 8})
    );

    let mut params = position(1, 9);
    params["context"] = json!({"includeDeclaration": true});
    let references = server.request(5, "textDocument/references", params);
    let lines: Vec<u64> = references
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [1, 8]);

    // Completion after `network ` in a container block.
    let edited = TEXT.replace("  gateway lna\n", "  gateway lan\n  network \n");
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": edited}]}),
    );
    let published = server.diagnostics();
    assert!(
        published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "syntax"),
        "{published}"
    );
    let completion = server.request(6, "textDocument/completion", position(11, 10));
    assert_eq!(labels(&completion), ["lan", "wan"]);
    let completion = server.request(7, "textDocument/completion", position(11, 2));
    let labels = labels(&completion);
    assert!(
        labels.contains(&"image") && labels.contains(&"depends-on"),
        "{labels:?}"
    );

    // Back to the original text: outline and formatting.
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [{"text": TEXT}]}),
    );
    server.diagnostics();
    let symbols = server.request(
        8,
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["lab", "lan", "wan", "web"]);
    let edits = server.request(
        9,
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let edits = edits.as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert!(
        edits[0]["newText"]
            .as_str()
            .unwrap()
            .contains("network lan {\n  parent eth1\n  subnet 10.1.0.1/24 gateway 10.1.0.1\n}\n")
    );

    assert_eq!(server.request(10, "shutdown", Value::Null), Value::Null);
    server.notify("exit", Value::Null);
    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status}");
}
