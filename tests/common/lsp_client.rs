//! A language-server client for tests and benches: starts the real `scaffc lsp`, speaks
//! JSON-RPC over its standard input and output as an editor does, and keeps what the server
//! sends while it waits for something else.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use serde_json::{json, Value};

/// `file://` URI of a path, as editors write it.
pub fn uri(path: &Path) -> String {
    let mut s = String::from("file://");
    for b in path.to_str().unwrap().bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

pub struct Client {
    pub child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next: i64,
    pub dir: PathBuf,
    /// Notifications and requests received while waiting for something else.
    pub seen: Vec<Value>,
}

impl Client {
    /// Starts `scaffc lsp` on `dir` and initializes it (`encodings`: the client's
    /// `positionEncodings`, none when empty).
    pub fn start(dir: &Path, encodings: &[&str]) -> (Client, Value) {
        Client::start_with(env!("CARGO_BIN_EXE_scaffc"), dir, encodings)
    }

    /// [`Client::start`] with another binary.
    pub fn start_with(bin: &str, dir: &Path, encodings: &[&str]) -> (Client, Value) {
        Client::launch(bin, dir, encodings, &uri(dir))
    }

    /// [`Client::start`] with the workspace folder's URI written as given (raw characters
    /// some editors send).
    pub fn start_raw(dir: &Path, folder_uri: &str) -> (Client, Value) {
        Client::launch(env!("CARGO_BIN_EXE_scaffc"), dir, &[], folder_uri)
    }

    fn launch(bin: &str, dir: &Path, encodings: &[&str], folder_uri: &str) -> (Client, Value) {
        let mut child = Command::new(bin)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, messages) = std::sync::mpsc::channel();
        std::thread::spawn(move || loop {
            let mut length = None;
            loop {
                let mut line = String::new();
                if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length: ") {
                    length = v.parse::<usize>().ok();
                }
            }
            let mut body = vec![0; length.expect("a Content-Length header")];
            stdout.read_exact(&mut body).unwrap();
            if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages,
            next: 0,
            dir: dir.to_path_buf(),
            seen: Vec::new(),
        };
        let mut capabilities = json!({
            "window": { "workDoneProgress": true },
            "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
        });
        if !encodings.is_empty() {
            capabilities["general"] = json!({ "positionEncodings": encodings });
        }
        let init = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": capabilities,
                "workspaceFolders": [{ "uri": folder_uri, "name": "conf" }],
                "initializationOptions": { "now": "2026-12-04T10:00:00" },
            }),
        );
        client.notify("initialized", json!({}));
        (client, init)
    }

    pub fn send(&mut self, v: Value) {
        let body = serde_json::to_vec(&v).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    pub fn recv(&mut self) -> Value {
        match self.messages.recv_timeout(Duration::from_secs(30)) {
            Ok(v) => v,
            Err(RecvTimeoutError::Timeout) => panic!("no message from the server in 30 s"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// Sends a request, answers the server's own requests meanwhile, returns the result.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let m = self.recv();
            if m["id"] == json!(id) && m.get("method").is_none() {
                assert!(m.get("error").is_none(), "{method}: {m}");
                return m["result"].clone();
            }
            self.answer_server(&m);
            self.seen.push(m);
        }
    }

    /// The server's requests (registration, progress token) get an empty success.
    pub fn answer_server(&mut self, m: &Value) {
        if m.get("method").is_some() && m.get("id").is_some() {
            let id = m["id"].clone();
            self.send(json!({ "jsonrpc": "2.0", "id": id, "result": null }));
        }
    }

    pub fn file_uri(&self, rel: &str) -> String {
        uri(&self.dir.join("Conf").join(rel))
    }

    /// The next publication of `rel`'s diagnostics (those already seen first).
    pub fn diagnostics(&mut self, rel: &str) -> Value {
        let uri = self.file_uri(rel);
        let is_it = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == json!(uri)
        };
        if let Some(i) = self.seen.iter().position(is_it) {
            return self.seen.remove(i)["params"].clone();
        }
        loop {
            let m = self.recv();
            if is_it(&m) {
                return m["params"].clone();
            }
            self.answer_server(&m);
            self.seen.push(m);
        }
    }

    pub fn at(&self, rel: &str, line: u32, character: u32) -> Value {
        json!({
            "textDocument": { "uri": self.file_uri(rel) },
            "position": { "line": line, "character": character },
        })
    }

    pub fn open(&mut self, rel: &str, version: i32, text: &str) {
        let uri = self.file_uri(rel);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "xml", "version": version, "text": text } }),
        );
    }

    pub fn change(&mut self, rel: &str, version: i32, text: &str) {
        let uri = self.file_uri(rel);
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    /// shutdown, exit: the process ends with status 0.
    pub fn stop(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status}");
    }
}

pub fn range(l1: u32, c1: u32, l2: u32, c2: u32) -> Value {
    json!({ "start": { "line": l1, "character": c1 }, "end": { "line": l2, "character": c2 } })
}
