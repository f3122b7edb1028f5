//! Who is asking: the client's address as the door and the counters see it.

use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap};
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

/// The network address of the client. Behind a proxy (`forwarded_for`
/// set), the last address of `X-Forwarded-For` — the one the proxy itself
/// added; the earlier ones are whatever the client claimed. Otherwise the
/// peer address.
pub fn client_address(headers: &HeaderMap, extensions: &Extensions, forwarded_for: bool) -> Option<IpAddr> {
    let peer = || extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
    if forwarded_for {
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .next_back()
            .and_then(|last| last.trim().parse::<IpAddr>().ok());
        return forwarded.or_else(peer);
    }
    peer()
}

/// One IPv6 subscriber gets a whole /64: counting its addresses one by one
/// would give an attacker 2^64 fresh counters.
pub fn network_of(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !u128::from(u64::MAX))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subscriber_counts_as_one_network() {
        let one: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let other: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(network_of(one), network_of(other));
        let mapped: IpAddr = "::ffff:203.0.113.9".parse().unwrap();
        assert_eq!(network_of(mapped), IpAddr::from([203, 0, 113, 9]));
    }

    #[test]
    fn behind_a_proxy_the_last_forwarded_address_counts() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "198.51.100.1, 203.0.113.7".parse().unwrap());
        let mut extensions = Extensions::new();
        extensions.insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 4000))));
        assert_eq!(client_address(&headers, &extensions, true), Some(IpAddr::from([203, 0, 113, 7])));
        assert_eq!(client_address(&headers, &extensions, false), Some(IpAddr::from([127, 0, 0, 1])));
    }
}
