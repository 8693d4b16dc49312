using FsCheck;
using FsCheck.Fluent;
using Tracking.Functions.Storage.DynamoDb;

namespace Tracking.Functions.Tests.Storage.DynamoDb;

/// <summary>
/// The status search's merge, paged to the end over random shard contents and page sizes, against a model of the
/// sharded index: each shard answers at most <c>limit</c> keys after its position, newest first, and says whether it
/// has more (sometimes, as DynamoDB does, even when a full page happened to be its last).
/// </summary>
public class StatusMergeProperties
{
    /// <summary>Shard contents, page size, and whether shards answer "has more" after a full last page.</summary>
    public sealed record Case(List<string>[] Shards, int Limit, bool ConservativeHasMore)
    {
        public List<string> AllNewestFirst => [.. Shards.SelectMany(s => s).OrderByDescending(k => k, StringComparer.Ordinal)];

        public override string ToString() => $"limit {Limit}, conservative {ConservativeHasMore}, shards [{string.Join(" | ", Shards.Select(s => string.Join(",", s)))}]";
    }

    private static Arbitrary<Case> Cases()
        => (from shardCount in Gen.Choose(1, 8)
            from limit in Gen.Choose(1, 12)
            from conservative in Gen.Elements(true, false)
            from items in Gen.Choose(0, 40).Zip(Gen.Choose(0, 7)).ListOf()
            select Build(shardCount, limit, conservative, items)).ToArbitrary();

    /// <summary>Keys "{time}#{n}": times repeat across shards (ties), the suffix keeps every key unique, as tracking ids do.</summary>
    private static Case Build(int shardCount, int limit, bool conservative, IEnumerable<(int Time, int Shard)> items)
    {
        var shards = Enumerable.Range(0, shardCount).Select(_ => new List<string>()).ToArray();
        var n = 0;
        foreach (var (time, shard) in items) shards[shard % shardCount].Add($"{time:D4}#{n++:D3}");
        foreach (var shard in shards) shard.Sort((a, b) => string.CompareOrdinal(b, a));
        return new Case(shards, limit, conservative);
    }

    /// <summary>One shard query: the keys after the position (older), at most limit of them.</summary>
    private static ShardPage<string> Query(Case c, int shard, string? after)
    {
        var rest = c.Shards[shard].Where(k => after is null || string.CompareOrdinal(k, after) < 0).ToList();
        var taken = rest.Take(c.Limit).ToList();
        var hasMore = rest.Count > taken.Count || (c.ConservativeHasMore && taken.Count == c.Limit);
        return new ShardPage<string>(taken, hasMore);
    }

    /// <summary>Pages through the whole search as the store does: exhausted shards are not queried again.</summary>
    private static List<List<string>> AllPages(Case c)
    {
        var pages = new List<List<string>>();
        string?[]? positions = new string?[c.Shards.Length];
        while (positions is not null && pages.Count < 1000)
        {
            var current = positions;
            var answers = Enumerable.Range(0, c.Shards.Length)
                .Select(s => current[s] == StatusSearch.Exhausted ? ShardPage<string>.Empty : Query(c, s, current[s]))
                .ToArray();
            var (page, next) = StatusSearch.Merge(answers, current, c.Limit, static k => k);
            pages.Add(page);
            positions = next;
        }
        return pages;
    }

    [Fact]
    public void PagingToTheEndYieldsEveryItemOnceNewestFirst()
        => Prop.ForAll(Cases(), c => AllPages(c).SelectMany(p => p).SequenceEqual(c.AllNewestFirst)).QuickCheckThrowOnFailure();

    [Fact]
    public void NoPageHoldsMoreThanTheLimit()
        => Prop.ForAll(Cases(), c => AllPages(c).All(p => p.Count <= c.Limit)).QuickCheckThrowOnFailure();

    [Fact]
    public void EveryPageBeforeTheLastItemIsFull()
        => Prop.ForAll(Cases(), c =>
        {
            var pages = AllPages(c);
            var lastWithItems = pages.FindLastIndex(p => p.Count > 0);
            return pages.Take(Math.Max(lastWithItems, 0)).All(p => p.Count == c.Limit);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void EachPageIsNewestFirst()
        => Prop.ForAll(Cases(), c => AllPages(c).All(p => p.SequenceEqual(p.OrderByDescending(k => k, StringComparer.Ordinal)))).QuickCheckThrowOnFailure();

    [Fact]
    public void AnEmptyIndexIsOneEmptyLastPage()
    {
        var (page, next) = StatusSearch.Merge([ShardPage<string>.Empty, ShardPage<string>.Empty], [null, null], 5, static k => k);

        Assert.Empty(page);
        Assert.Null(next);
    }
}
