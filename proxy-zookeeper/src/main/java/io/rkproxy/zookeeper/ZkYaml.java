package io.rkproxy.zookeeper;

import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** The data of rkproxy's znodes: UTF-8 YAML, written in block style for people who read it with zkCli. */
public final class ZkYaml {

    private ZkYaml() {
    }

    public static String text(Object value) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(value);
    }

    public static byte[] encode(Object value) {
        return text(value).getBytes(StandardCharsets.UTF_8);
    }

    /** The parsed data of the znode at {@code path}; a problem names the znode. */
    public static Object decode(String path, byte[] data) throws ConfigException {
        return ConfigLoader.parse("znode " + path, data == null ? "" : new String(data, StandardCharsets.UTF_8));
    }
}
