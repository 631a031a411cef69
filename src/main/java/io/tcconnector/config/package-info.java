/**
 * The connector's settings: one {@code tradecloud.*} tree an operator edits in
 * {@code config/application.yaml} or sets through the environment.
 */
package io.tcconnector.config;
