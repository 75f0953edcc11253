package io.rkproxy.zookeeper;

import io.rkproxy.core.config.ZnodeAcl;
import java.util.List;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;

/**
 * The ACL Curator gives every znode rkproxy creates, parents included. {@link ZnodeAcl#CREATOR} is ZooKeeper's
 * {@code auth} scheme: the server puts the creating session's identities in it (for digest,
 * {@code digest:user:base64(sha1(user:password))}), so the password never travels in an ACL.
 */
final class ZnodeAclProvider implements ACLProvider {

    private final List<ACL> acl;

    ZnodeAclProvider(ZnodeAcl acl) {
        this.acl = switch (acl) {
            case CREATOR -> ZooDefs.Ids.CREATOR_ALL_ACL;
            case OPEN -> ZooDefs.Ids.OPEN_ACL_UNSAFE;
        };
    }

    @Override
    public List<ACL> getDefaultAcl() {
        return acl;
    }

    @Override
    public List<ACL> getAclForPath(String path) {
        return acl;
    }
}
