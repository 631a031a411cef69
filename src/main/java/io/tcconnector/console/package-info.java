/**
 * The operator's event console: the journal's JSON API under {@code /admin/events} and
 * the pages under {@code /console}, behind the operator's credentials.
 */
package io.tcconnector.console;
