//! A round-robin TCP proxy in front of several nodes, as a load balancer would be: each new
//! connection goes to the next node that accepts it, so a stopped node's share moves to the
//! others; a connection lives and dies with the node it was given.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

pub struct Proxy {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    accepting: JoinHandle<()>,
}

impl Proxy {
    /// Listens on 127.0.0.1 (a free port) in front of `nodes`.
    pub async fn start(nodes: Vec<SocketAddr>) -> anyhow::Result<Proxy> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        let nodes = Arc::new(nodes);
        let next = Arc::new(AtomicUsize::new(0));
        let accepting = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (nodes, first) = (nodes.clone(), next.fetch_add(1, Ordering::Relaxed));
                tokio::spawn(async move {
                    if let Some(mut node) = connect_from(&nodes, first).await {
                        let mut client = client;
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut node).await;
                    }
                });
            }
        });
        Ok(Proxy { base, accepting })
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

/// The first node, starting at `first` and going round, that accepts a connection.
async fn connect_from(nodes: &[SocketAddr], first: usize) -> Option<TcpStream> {
    for i in 0..nodes.len() {
        let Some(node) = nodes.get((first + i) % nodes.len()) else { continue };
        if let Ok(stream) = TcpStream::connect(node).await {
            let _ = stream.set_nodelay(true);
            return Some(stream);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A node that answers its own name to every connection.
    async fn node(name: &'static [u8]) -> anyhow::Result<SocketAddr> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        tokio::spawn(async move {
            while let Ok((mut s, _)) = listener.accept().await {
                let _ = s.write_all(name).await;
            }
        });
        Ok(addr)
    }

    async fn ask(proxy: &Proxy) -> anyhow::Result<String> {
        let mut s = TcpStream::connect(proxy.base.trim_start_matches("http://")).await?;
        let mut answer = String::new();
        s.read_to_string(&mut answer).await?;
        Ok(answer)
    }

    #[tokio::test]
    async fn takes_turns_and_skips_a_node_that_is_down() -> anyhow::Result<()> {
        let a = node(b"a").await?;
        let b = node(b"b").await?;
        let down = TcpListener::bind("127.0.0.1:0").await?.local_addr()?;
        let proxy = Proxy::start(vec![a, b]).await?;
        let answers = [ask(&proxy).await?, ask(&proxy).await?, ask(&proxy).await?];
        assert_eq!(answers, ["a", "b", "a"]);
        let proxy = Proxy::start(vec![down, b]).await?;
        assert_eq!([ask(&proxy).await?, ask(&proxy).await?], ["b", "b"]);
        Ok(())
    }
}
