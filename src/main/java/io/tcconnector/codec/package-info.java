/**
 * Small encodings several features share: a Basic {@code Authorization} value, SHA-256 in
 * hex, timestamps in microseconds.
 */
package io.tcconnector.codec;
