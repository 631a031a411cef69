/**
 * A local stand-in for Tradecloud, usable from tests and the command line: its API v2
 * (login, refresh, object storage, orders, shipments) and legacy API v1 (purchase orders,
 * HTTP Basic only) with presigned downloads and fault injection, its webhook sender with
 * Tradecloud's retry rules, and a stand-in for the ERP the connector delivers order
 * events to (Basic, bearer or OAuth2 client credentials; outages, delays, rejections),
 * and a look-alike of Microsoft Entra ID, the identity provider Tradecloud can get
 * webhook access tokens from (discovery, JWK set, client credentials token endpoint, v1
 * and v2 tokens, key rotation, and bad tokens for tests).
 */
package io.tcconnector.simulator;
