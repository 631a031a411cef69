/**
 * A local stand-in for Tradecloud, usable from tests and the command line: its API v2
 * (login, refresh, object storage, orders, shipments) and legacy API v1 (purchase orders,
 * HTTP Basic only) with presigned downloads and fault injection, and its webhook sender
 * with Tradecloud's retry rules.
 */
package io.tcconnector.simulator;
