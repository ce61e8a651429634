//! Zoho data centres, their environments, and API versions.
//!
//! Calling the wrong data centre gives an `INVALID_TOKEN` that looks like an
//! authentication error, the most reported bug of Zoho integrations. Each DC
//! has its own API domain and accounts server; the `api_domain` returned
//! with a token is the authority and wins over the configured one.

use std::fmt;

use chrono::Duration;

/// A Zoho data centre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataCenter {
    /// United States (`zohoapis.com`).
    Us,
    /// Europe (`zohoapis.eu`).
    Eu,
    /// India (`zohoapis.in`).
    In,
    /// Australia (`zohoapis.com.au`).
    Au,
    /// China (`zohoapis.com.cn`).
    Cn,
    /// Japan (`zohoapis.jp`).
    Jp,
    /// Canada (`zohoapis.ca`, accounts at `zohocloud.ca`).
    Ca,
    /// Saudi Arabia (`zohoapis.sa`).
    Sa,
    /// Any other deployment, or a mock server.
    Custom {
        /// Base URL of the API (no trailing slash).
        api_domain: String,
        /// Base URL of the accounts server (no trailing slash).
        accounts: String,
    },
}

/// Production, sandbox or developer edition of a data centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Environment {
    /// `https://www.zohoapis.{tld}`.
    #[default]
    Production,
    /// `https://sandbox.zohoapis.{tld}`.
    Sandbox,
    /// `https://developer.zohoapis.{tld}`.
    Developer,
}

impl DataCenter {
    fn api_tld(&self) -> Option<&'static str> {
        Some(match self {
            DataCenter::Us => "com",
            DataCenter::Eu => "eu",
            DataCenter::In => "in",
            DataCenter::Au => "com.au",
            DataCenter::Cn => "com.cn",
            DataCenter::Jp => "jp",
            DataCenter::Ca => "ca",
            DataCenter::Sa => "sa",
            DataCenter::Custom { .. } => return None,
        })
    }

    /// The API domain for `environment`, e.g. `https://sandbox.zohoapis.eu`.
    pub fn api_domain(&self, environment: Environment) -> String {
        match (self, self.api_tld()) {
            (DataCenter::Custom { api_domain, .. }, _) => {
                api_domain.trim_end_matches('/').to_string()
            }
            (_, Some(tld)) => {
                let host = match environment {
                    Environment::Production => "www",
                    Environment::Sandbox => "sandbox",
                    Environment::Developer => "developer",
                };
                format!("https://{host}.zohoapis.{tld}")
            }
            (_, None) => unreachable!("only Custom has no TLD"),
        }
    }

    /// The accounts server that issues and refreshes tokens (the same for
    /// every environment of a DC).
    pub fn accounts_server(&self) -> String {
        match self {
            DataCenter::Custom { accounts, .. } => accounts.trim_end_matches('/').to_string(),
            DataCenter::Ca => "https://accounts.zohocloud.ca".into(),
            other => format!("https://accounts.zoho.{}", other.api_tld().unwrap_or("com")),
        }
    }

    /// The data centre an accounts-server URL belongs to (as returned in the
    /// OAuth redirect's `accounts-server` parameter), if it is a known one.
    pub fn from_accounts_server(url: &str) -> Option<DataCenter> {
        let url = url.trim_end_matches('/');
        [
            DataCenter::Us,
            DataCenter::Eu,
            DataCenter::In,
            DataCenter::Au,
            DataCenter::Cn,
            DataCenter::Jp,
            DataCenter::Ca,
            DataCenter::Sa,
        ]
        .into_iter()
        .find(|dc| dc.accounts_server() == url)
    }
}

/// A Zoho CRM API version. The notifications endpoint has the same shape in
/// all of them; what differs is the longest channel lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ApiVersion {
    /// v2.
    V2,
    /// v2.1, what the collection records (the default).
    #[default]
    V2_1,
    /// v3.
    V3,
    /// v4.
    V4,
    /// v5.
    V5,
    /// v6.
    V6,
    /// v7.
    V7,
    /// v8.
    V8,
}

impl ApiVersion {
    /// The path segment, e.g. `v2.1`.
    pub fn segment(self) -> &'static str {
        match self {
            ApiVersion::V2 => "v2",
            ApiVersion::V2_1 => "v2.1",
            ApiVersion::V3 => "v3",
            ApiVersion::V4 => "v4",
            ApiVersion::V5 => "v5",
            ApiVersion::V6 => "v6",
            ApiVersion::V7 => "v7",
            ApiVersion::V8 => "v8",
        }
    }

    /// The longest channel lifetime Zoho grants: one day up to v3, one week
    /// from v4 (Kaizen #170). Longer requests silently become one hour.
    pub fn max_channel_lifetime(self) -> Duration {
        match self {
            ApiVersion::V2 | ApiVersion::V2_1 | ApiVersion::V3 => Duration::days(1),
            _ => Duration::days(7),
        }
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.segment())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_data_centre_maps_to_its_api_domain_and_accounts_server() {
        assert_eq!(
            DataCenter::Us.api_domain(Environment::Production),
            "https://www.zohoapis.com"
        );
        assert_eq!(
            DataCenter::Eu.api_domain(Environment::Sandbox),
            "https://sandbox.zohoapis.eu"
        );
        assert_eq!(
            DataCenter::Au.api_domain(Environment::Developer),
            "https://developer.zohoapis.com.au"
        );
        assert_eq!(
            DataCenter::Ca.accounts_server(),
            "https://accounts.zohocloud.ca"
        );
        assert_eq!(
            DataCenter::Cn.accounts_server(),
            "https://accounts.zoho.com.cn"
        );
        assert_eq!(
            DataCenter::from_accounts_server("https://accounts.zoho.in/"),
            Some(DataCenter::In)
        );
        assert_eq!(ApiVersion::V7.max_channel_lifetime(), Duration::days(7));
        assert_eq!(ApiVersion::default().segment(), "v2.1");
    }
}
