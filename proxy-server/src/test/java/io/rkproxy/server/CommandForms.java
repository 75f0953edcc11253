package io.rkproxy.server;

import static io.rkproxy.server.CommandSequenceGenerator.cmd;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The command forms {@link CommandSequenceGenerator} draws from, per data type, with options, syntax errors and
 * out-of-range values among them. Multi-key forms take tagged keys ({@code g.tags()}) unless the proxy splits or
 * computes the command across slots (MGET, MSET, DEL, UNLINK, EXISTS, TOUCH, SINTER, SUNION, SDIFF, ZUNION, ZINTER,
 * ZDIFF, PFCOUNT, XREAD without BLOCK), or the command only reads (LCS, SINTERCARD, ZINTERCARD, so a CROSSSLOT
 * leaves both servers' data alike). No form has a random or time-dependent reply, except those {@link ReplyNormalisation}
 * normalises.
 */
final class CommandForms {

    private CommandForms() {
    }

    /**
     * What may be queued in a generated transaction. Left out: KEYS, SCAN, DBSIZE and FLUSHDB, which a cluster
     * pool refuses inside MULTI, where they would see one master only (docs/commands.md, "walk" and "pinned"); COPY, which a pool with a tenant
     * ACL user refuses inside MULTI (docs/config.md); SELECT, since rkproxy refuses SELECT of another db when it is
     * queued, which aborts the whole transaction where Redis fails that one command in EXEC and runs the others
     * (docs/commands.md, step 6): the two data sets would part; SINTERCARD and ZDIFF, whose generated key counts may
     * take an option word for a key, which on a cluster lies in another slot: CROSSSLOT when queued aborts the
     * transaction there too.
     */
    static final Predicate<List<String>> FIT_FOR_TRANSACTIONS = command -> !Set.of("KEYS", "SCAN", "DBSIZE",
            "FLUSHDB", "COPY", "SELECT", "SINTERCARD", "ZDIFF").contains(command.get(0).toUpperCase(Locale.ROOT));

    static final List<Function<CommandSequenceGenerator, List<String>>> STRINGS = List.of(
            g -> cmd("SET", g.key(), g.value(), g.maybe(g.oneOf("NX", "XX")), g.maybe("GET"),
                    g.maybe(g.chance(2) ? List.of("EXAT", g.expirySeconds())
                            : g.chance(2) ? List.of("PXAT", g.expiryMillis()) : List.of("KEEPTTL"))),
            g -> cmd("SET", g.key(), g.value()),
            g -> cmd("SET", g.key(), g.value(), "NX", "XX"),
            g -> cmd("SET", g.key(), g.value(), "EX", g.oneOf("0", "-5", "x")),
            g -> cmd("GET", g.key()),
            g -> cmd("GETSET", g.key(), g.value()),
            g -> cmd("GETDEL", g.key()),
            g -> cmd("GETEX", g.key(), g.maybe(g.chance(3) ? List.of("PERSIST")
                    : g.chance(2) ? List.of("EXAT", g.expirySeconds()) : List.of("EX"))),
            g -> cmd("SETNX", g.key(), g.value()),
            g -> cmd("MSETNX", g.tag(), g.value(), g.tag(), g.value()),
            g -> cmd("MGET", g.keys(), g.keys()),
            g -> cmd("MSET", g.key(), g.value(), g.key(), g.value(), g.maybe(g.key(), g.value())),
            g -> cmd("MSET", g.key(), g.value(), g.key()),
            g -> cmd("APPEND", g.key(), g.value()),
            g -> cmd("STRLEN", g.key()),
            g -> cmd(g.oneOf("INCR", "DECR"), g.key()),
            g -> cmd(g.oneOf("INCRBY", "DECRBY"), g.key(), g.oneOf("5", "-2", "9223372036854775807", "x")),
            g -> cmd("INCRBYFLOAT", g.key(), g.score()),
            g -> cmd(g.oneOf("GETRANGE", "SUBSTR"), g.key(), g.integer(), g.integer()),
            g -> cmd("SETRANGE", g.key(), g.chance(30) ? "536870912" : g.integer(), g.value()),
            g -> cmd("LCS", g.key(), g.key(), g.maybe(g.oneOf("LEN", "IDX"))));

    static final List<Function<CommandSequenceGenerator, List<String>>> LISTS = List.of(
            g -> cmd(g.oneOf("LPUSH", "RPUSH"), g.key(), g.members()),
            g -> cmd(g.oneOf("LPUSHX", "RPUSHX"), g.key(), g.members()),
            g -> cmd(g.oneOf("LPOP", "RPOP"), g.key(), g.maybe(g.count())),
            g -> cmd("LRANGE", g.key(), g.integer(), g.integer()),
            g -> cmd("LINDEX", g.key(), g.integer()),
            g -> cmd("LSET", g.key(), g.integer(), g.member()),
            g -> cmd("LINSERT", g.key(), g.oneOf("BEFORE", "AFTER", "AROUND"), g.member(), g.member()),
            g -> cmd("LREM", g.key(), g.integer(), g.member()),
            g -> cmd("LTRIM", g.key(), g.integer(), g.integer()),
            g -> cmd("LLEN", g.key()),
            g -> cmd("LPOS", g.key(), g.member(), g.maybe("RANK", g.oneOf("1", "-1", "2", "0")),
                    g.maybe("COUNT", g.count()), g.maybe("MAXLEN", g.count())),
            g -> cmd("LMOVE", g.tag(), g.tag(), g.oneOf("LEFT", "RIGHT"), g.oneOf("LEFT", "RIGHT", "UP")),
            g -> cmd("RPOPLPUSH", g.tag(), g.tag()),
            g -> cmd("LMPOP", g.oneOf("1", "2", "0"), g.tag(), g.tag(), g.oneOf("LEFT", "RIGHT"),
                    g.maybe("COUNT", g.count())),
            g -> cmd(g.oneOf("BLPOP", "BRPOP"), g.tag(), g.tag(), "0.01"),
            g -> cmd("BLMOVE", g.tag(), g.tag(), "LEFT", "RIGHT", "0.01"),
            g -> cmd("BLMPOP", "0.01", "2", g.tag(), g.tag(), g.oneOf("LEFT", "RIGHT"), g.maybe("COUNT", "2")));

    static final List<Function<CommandSequenceGenerator, List<String>>> HASHES = List.of(
            g -> cmd(g.oneOf("HSET", "HMSET"), g.key(), g.member(), g.value(), g.maybe(g.member(), g.value())),
            g -> cmd("HSET", g.key(), g.member()),
            g -> cmd("HSETNX", g.key(), g.member(), g.value()),
            g -> cmd(g.oneOf("HGET", "HEXISTS", "HSTRLEN"), g.key(), g.member()),
            g -> cmd(g.oneOf("HMGET", "HDEL"), g.key(), g.members()),
            g -> cmd(g.oneOf("HLEN", "HKEYS", "HVALS", "HGETALL"), g.key()),
            g -> cmd("HINCRBY", g.key(), g.member(), g.oneOf("1", "-7", "x", "9223372036854775807")),
            g -> cmd("HINCRBYFLOAT", g.key(), g.member(), g.score()),
            g -> cmd("HSCAN", g.key(), "0", g.maybe("MATCH", g.oneOf("*", "a*", "?")), "COUNT", "100"));

    static final List<Function<CommandSequenceGenerator, List<String>>> SETS = List.of(
            g -> cmd("SADD", g.key(), g.members()),
            g -> cmd("SREM", g.key(), g.members()),
            g -> cmd(g.oneOf("SMEMBERS", "SCARD"), g.key()),
            g -> cmd("SISMEMBER", g.key(), g.member()),
            g -> cmd("SMISMEMBER", g.key(), g.members()),
            g -> cmd("SMOVE", g.tag(), g.tag(), g.member()),
            g -> cmd(g.oneOf("SINTER", "SUNION", "SDIFF"), g.keys()),
            g -> cmd(g.oneOf("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"), g.tag(), g.tags()),
            g -> cmd("SINTERCARD", g.oneOf("2", "0", "3"), g.key(), g.key(), g.maybe("LIMIT", g.count())),
            g -> cmd("SSCAN", g.key(), "0", "COUNT", "100"));

    static final List<Function<CommandSequenceGenerator, List<String>>> SORTED_SETS = List.of(
            g -> cmd("ZADD", g.key(), g.maybe(g.oneOf("NX", "XX")), g.maybe(g.oneOf("GT", "LT")), g.maybe("CH"),
                    g.score(), g.member(), g.maybe(g.score(), g.member())),
            g -> cmd("ZADD", g.key(), "INCR", g.score(), g.member()),
            g -> cmd("ZADD", g.key(), "NX", "GT", g.score(), g.member()),
            g -> cmd("ZINCRBY", g.key(), g.score(), g.member()),
            g -> cmd(g.oneOf("ZSCORE", "ZRANK", "ZREVRANK"), g.key(), g.member()),
            g -> cmd(g.oneOf("ZMSCORE", "ZREM"), g.key(), g.members()),
            g -> cmd("ZRANGE", g.key(), g.integer(), g.integer(), g.maybe("REV"), g.maybe("WITHSCORES")),
            g -> cmd("ZRANGE", g.key(), g.scoreBound(), g.scoreBound(), "BYSCORE", g.maybe("REV"),
                    g.maybe("LIMIT", "0", g.count()), g.maybe("WITHSCORES")),
            g -> cmd("ZRANGE", g.key(), g.lexBound(), g.lexBound(), "BYLEX", g.maybe("REV"),
                    g.maybe("LIMIT", g.count(), "2")),
            g -> cmd("ZRANGE", g.key(), "0", "1", "LIMIT", "0", "1"),
            g -> cmd(g.oneOf("ZRANGEBYSCORE", "ZREVRANGEBYSCORE", "ZCOUNT"), g.key(), g.scoreBound(),
                    g.scoreBound()),
            g -> cmd("ZRANGEBYSCORE", g.key(), g.scoreBound(), g.scoreBound(), "WITHSCORES", "LIMIT", "1", "2"),
            g -> cmd(g.oneOf("ZRANGEBYLEX", "ZREVRANGEBYLEX", "ZLEXCOUNT", "ZREMRANGEBYLEX"), g.key(),
                    g.lexBound(), g.lexBound()),
            g -> cmd(g.oneOf("ZREVRANGE", "ZREMRANGEBYRANK"), g.key(), g.integer(), g.integer()),
            g -> cmd("ZREMRANGEBYSCORE", g.key(), g.scoreBound(), g.scoreBound()),
            g -> cmd("ZCARD", g.key()),
            g -> cmd(g.oneOf("ZPOPMIN", "ZPOPMAX"), g.key(), g.maybe(g.count())),
            g -> cmd("ZMPOP", g.oneOf("1", "2"), g.tag(), g.tag(), g.oneOf("MIN", "MAX", "MID"),
                    g.maybe("COUNT", g.count())),
            g -> cmd(g.oneOf("BZPOPMIN", "BZPOPMAX"), g.tag(), "0.01"),
            g -> cmd(g.oneOf("ZUNION", "ZINTER"), "2", g.key(), g.key(), g.maybe("WEIGHTS", "2", "0.5"),
                    g.maybe("AGGREGATE", g.oneOf("SUM", "MIN", "MAX")), g.maybe("WITHSCORES")),
            g -> cmd("ZDIFF", g.oneOf("1", "2", "3"), g.key(), g.key(), g.maybe("WITHSCORES")),
            g -> cmd(g.oneOf("ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"), g.tag(), "2", g.tag(), g.tag()),
            g -> cmd("ZRANGESTORE", g.tag(), g.tag(), "0", g.integer()),
            g -> cmd("ZINTERCARD", "2", g.key(), g.key()),
            g -> cmd("ZSCAN", g.key(), "0", "COUNT", "100"));

    static final List<Function<CommandSequenceGenerator, List<String>>> STREAMS = List.of(
            g -> cmd("XADD", g.key(), g.maybe("NOMKSTREAM"), g.maybe("MAXLEN", g.oneOf("=", "~"), g.count()),
                    g.streamId(), g.member(), g.value(), g.maybe(g.member(), g.value())),
            g -> cmd("XADD", g.key(), g.streamId(), g.member()),
            g -> cmd("XLEN", g.key()),
            g -> cmd("XRANGE", g.key(), "-", "+", g.maybe("COUNT", g.count())),
            g -> cmd("XRANGE", g.key(), g.streamId(), g.oneOf("+", g.streamId())),
            g -> cmd("XREVRANGE", g.key(), "+", "-", g.maybe("COUNT", g.count())),
            g -> cmd("XTRIM", g.key(), g.chance(2) ? List.of("MAXLEN", g.count()) : List.of("MINID", g.streamId())),
            g -> cmd("XDEL", g.key(), g.streamId()),
            g -> cmd("XREAD", g.maybe("COUNT", g.count()), "STREAMS", g.key(), g.key(), "0", g.oneOf("0", "3-0")));

    static final List<Function<CommandSequenceGenerator, List<String>>> BITMAPS_AND_HYPERLOGLOGS = List.of(
            g -> cmd("SETBIT", g.key(), Integer.toString(g.chance(20) ? -1 : g.pick(List.of(0, 3, 7, 9, 30))),
                    g.oneOf("0", "1", "1", "2")),
            g -> cmd("GETBIT", g.key(), g.oneOf("0", "3", "7", "100")),
            g -> cmd("BITCOUNT", g.key(), g.maybe(g.integer(), g.integer(), g.oneOf("BYTE", "BIT"))),
            g -> cmd("BITCOUNT", g.key(), g.integer()),
            g -> cmd("BITPOS", g.key(), g.oneOf("0", "1"), g.maybe(g.integer(), g.integer(), g.oneOf("BYTE", "BIT"))),
            g -> cmd("BITOP", g.oneOf("AND", "OR", "XOR", "NOT", "NAND"), g.tag(), g.tags()),
            g -> cmd("BITFIELD", g.key(), g.maybe("OVERFLOW", g.oneOf("SAT", "WRAP", "FAIL")),
                    g.oneOf("GET", "INCRBY"), g.oneOf("u8", "i5", "u64"), g.oneOf("0", "#1"), g.maybe("100")),
            g -> cmd("BITFIELD_RO", g.key(), "GET", g.oneOf("u4", "i16"), g.oneOf("0", "3")),
            g -> cmd("PFADD", g.key(), g.members()),
            g -> cmd("PFCOUNT", g.keys()),
            g -> cmd("PFMERGE", g.tag(), g.tags()));

    static final List<Function<CommandSequenceGenerator, List<String>>> GEO = List.of(
            g -> cmd("GEOADD", g.key(), g.maybe(g.oneOf("NX", "XX")), g.lonLat(), g.oneOf("Palermo", "Catania")),
            g -> cmd("GEODIST", g.key(), "Palermo", "Catania", g.maybe(g.oneOf("km", "mi", "parsec"))),
            g -> cmd(g.oneOf("GEOPOS", "GEOHASH"), g.key(), "Palermo", g.member()),
            g -> cmd("GEOSEARCH", g.key(), "FROMLONLAT", "15", "37", "BYRADIUS", g.oneOf("200", "-1"), "km", "ASC",
                    g.maybe("WITHDIST"), g.maybe("WITHCOORD"), g.maybe("COUNT", "1")),
            g -> cmd("GEOSEARCH", g.key(), "FROMMEMBER", "Palermo", "BYBOX", "400", "400", "km", "DESC",
                    g.maybe("WITHHASH")),
            g -> cmd("GEORADIUS", g.key(), "15", "37", "200", "km", "ASC", g.maybe("WITHDIST")));

    static final List<Function<CommandSequenceGenerator, List<String>>> KEYSPACE = List.of(
            g -> cmd(g.oneOf("EXISTS", "DEL", "UNLINK", "TOUCH", "EXISTS"), g.keys(), g.keys()),
            g -> cmd(g.oneOf("TYPE", "PERSIST", "EXPIRETIME", "PEXPIRETIME", "TTL", "PTTL"), g.key()),
            g -> cmd("OBJECT", g.oneOf("ENCODING", "ENCODING", "FOO"), g.key()),
            g -> cmd(g.oneOf("RENAME", "RENAMENX"), g.tag(), g.tag()),
            g -> cmd("COPY", g.tag(), g.tag(), g.maybe("REPLACE"), g.maybe("DB", "0")),
            g -> cmd("EXPIREAT", g.key(), g.expirySeconds(), g.maybe(g.oneOf("NX", "XX", "GT", "LT", "XY"))),
            g -> cmd("PEXPIREAT", g.key(), g.expiryMillis()),
            g -> cmd(g.oneOf("EXPIRE", "PEXPIRE"), g.key(), g.oneOf("0", "-1", "x")),
            g -> cmd("SORT", g.key(), g.maybe("LIMIT", "0", g.count()), g.maybe(g.oneOf("ASC", "DESC")),
                    g.maybe("ALPHA")),
            g -> cmd("SORT_RO", g.key(), "ALPHA", g.maybe("DESC")),
            // a tagged key never written: a cluster refuses GET (Redis Cluster's rule), and Redis's SORT turns a sorted set
            // into a skiplist, which on a key of the sequence's would leave the two servers' encodings apart
            g -> cmd("SORT", "{t}never-written", "GET", "#", g.maybe("ALPHA")),
            g -> cmd("KEYS", g.oneOf("*", "k*", "{t}*", "?1", "[kx]2", "\\{t}*")),
            g -> cmd("SCAN", "0", g.maybe("MATCH", g.oneOf("k*", "*2")), g.maybe("TYPE", g.oneOf("string", "zset")),
                    "COUNT", "1000"),
            g -> cmd("DBSIZE"),
            g -> g.chance(10) ? cmd("FLUSHDB", g.maybe(g.oneOf("SYNC", "ASYNC"))) : cmd("PING"),
            g -> cmd("PING", g.maybe(g.value())),
            g -> cmd("ECHO", g.value()),
            g -> cmd("SELECT", g.oneOf("0", "0", "16", "-1", "x")));

    static final List<Function<CommandSequenceGenerator, List<String>>> ALL = Stream.of(
            STRINGS, LISTS, HASHES, SETS, SORTED_SETS, STREAMS, BITMAPS_AND_HYPERLOGLOGS, GEO, KEYSPACE)
            .flatMap(List::stream).toList();
}
