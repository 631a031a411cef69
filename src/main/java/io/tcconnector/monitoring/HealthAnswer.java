package io.tcconnector.monitoring;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import org.springframework.boot.actuate.health.SystemHealth;
import org.springframework.boot.jackson.JsonMixin;

/**
 * {@code GET /actuator/health} answers {@code {"status":"UP"}} as the contract says: the
 * names of the liveness and readiness groups, which Spring Boot adds to the answer once
 * they exist, are left out (their paths are documented, docs/monitoring.md). Applied to
 * the application's JSON mapper, which Actuator uses
 * ({@code management.endpoints.jackson.isolated-object-mapper=false}).
 */
@JsonMixin(SystemHealth.class)
@JsonIgnoreProperties("groups")
abstract class HealthAnswer {

}
