//! A node's engine, at the address its `node` item gives: a socket, TCP
//! (with TLS), or ssh through the system's `ssh`, as the docker CLI
//! reaches them.

use super::Engine;
use crate::error::{Error, Object, Operation, Result};
use crate::model::{Endpoint, Node};
use bollard::{API_DEFAULT_VERSION, Docker};
use std::time::Duration;

/// Seconds a request may take; a node's first answer gets `REACH`.
const TIMEOUT: u64 = 120;
/// How long a node may take to answer at all: an address that leads
/// nowhere must fail the plan, not hang it.
const REACH: Duration = Duration::from_secs(15);

impl Engine {
    /// Connects to `node`'s engine; an error names the node and address.
    pub async fn connect_node(node: &Node) -> Result<Engine> {
        let object = Object::Node {
            name: node.name.value.clone(),
            engine: node.docker.value.to_string(),
        };
        let docker = match &node.docker.value {
            Endpoint::Unix(path) => Docker::connect_with_unix(path, TIMEOUT, API_DEFAULT_VERSION),
            Endpoint::Tcp(address) => {
                let address = with_port(address, node.tls.is_some());
                match &node.tls {
                    Some(tls) => match (&tls.key, &tls.cert, &tls.ca) {
                        (Some(key), Some(cert), Some(ca)) => Docker::connect_with_ssl(
                            &address,
                            &key.value,
                            &cert.value,
                            &ca.value,
                            TIMEOUT,
                            API_DEFAULT_VERSION,
                        ),
                        _ => {
                            return Err(Error::State {
                                object,
                                problem: "its `tls` block needs `ca`, `cert` and `key`".into(),
                            });
                        }
                    },
                    None => Docker::connect_with_http(&address, TIMEOUT, API_DEFAULT_VERSION),
                }
            }
            Endpoint::Ssh(address) => Docker::connect_with_ssh(
                &format!("ssh://{address}"),
                TIMEOUT,
                API_DEFAULT_VERSION,
                None,
            ),
        }
        .map_err(Error::docker(object.clone(), Operation::Connect))?;
        match tokio::time::timeout(REACH, Engine::speak(docker, &object)).await {
            Ok(engine) => engine,
            Err(_) => Err(Error::State {
                object,
                problem: format!(
                    "the engine did not answer within {} s: is the node up, and the address right?",
                    REACH.as_secs()
                ),
            }),
        }
    }
}

/// `host` as `host:2375`, or `:2376` with TLS, when no port is given
/// (the docker CLI's defaults).
fn with_port(address: &str, tls: bool) -> String {
    let bracketed_v6 = address.starts_with('[') && address.ends_with(']');
    if address.rsplit_once(':').is_some() && !bracketed_v6 {
        return format!("tcp://{address}");
    }
    format!("tcp://{address}:{}", if tls { 2376 } else { 2375 })
}

/// The process serving the socket at `path`: the engine itself, whose
/// network namespace is its host's (SO_PEERCRED).
pub fn socket_peer(path: &str) -> std::io::Result<i32> {
    use nix::sys::socket::{getsockopt, sockopt::PeerCredentials};
    let stream = std::os::unix::net::UnixStream::connect(path)?;
    let credentials = getsockopt(&stream, PeerCredentials).map_err(std::io::Error::from)?;
    Ok(credentials.pid())
}
