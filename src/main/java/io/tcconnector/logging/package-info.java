/**
 * What every log line of an event carries (its ids in the MDC, on every thread that
 * handles it) and that no value from a body can forge a line (control characters escaped
 * in the text log).
 */
package io.tcconnector.logging;
