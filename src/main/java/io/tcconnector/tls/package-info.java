/**
 * HTTPS for the webhook port: TLS 1.2 and 1.3 only, certificates from Spring Boot SSL
 * bundles, and a generated self-signed localhost certificate when none is configured.
 */
package io.tcconnector.tls;
