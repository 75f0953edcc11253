package io.rkproxy.core.admin;

import io.rkproxy.core.backend.BackendNodeStatus;
import java.util.List;
import java.util.Optional;

/** One pool for the console: its config and its backends' health on this node. */
public record PoolView(String name, String type, List<String> nodes, Optional<String> unavailable,
                       List<BackendNodeStatus> backends) {
}
