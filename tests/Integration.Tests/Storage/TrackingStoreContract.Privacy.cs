using Tracking.Functions.Storage;
using static Tracking.Integration.Tests.Storage.ContractEvents;

namespace Tracking.Integration.Tests.Storage;

/// <summary>Object-level access, erasure and audit: the same behaviour from the in-memory store and from DynamoDB.</summary>
public abstract partial class TrackingStoreContract
{
    protected abstract IErasureStore Erasure { get; }
    protected abstract IAuditStore Audit { get; }

    private static readonly TimeSpan Plenty = TimeSpan.FromSeconds(20);

    private Task<ErasureResult> EraseAsync(string id, TimeSpan workTime) => Erasure.EraseAsync(id, Base.AddDays(30), workTime, Metrics, CancellationToken.None);

    /// <summary>A receivedAt no other test uses, so a search window around it sees only this test's package.</summary>
    private static DateTime UniqueTime() => Base.AddDays(5000).AddSeconds(Random.Shared.Next(1, 50_000_000));

    [Fact]
    public async Task ThePackagesContributorsAreTheSendersOfCreatedAndDuplicateEventsNotOfConflicts()
    {
        var id = NewId();
        await AppendAsync(At(id, 0, "e-1"), source: "acme");
        await AppendAsync(At(id, 0, "e-1"), source: "globex");
        await AppendAsync(At(id, 0, "e-1", status: "delivered"), source: "initech");

        var package = await Reader.GetPackageAsync(id, Metrics, CancellationToken.None);

        Assert.Equal(["acme", "globex"], package!.Contributors.Order(StringComparer.Ordinal));
        Assert.Equal("e-1", package.State.EventId);
    }

    [Fact]
    public async Task AnOlderEventStillMakesItsSenderAContributor()
    {
        var id = NewId();
        await AppendAsync(At(id, 10, "new"), source: "acme");
        await AppendAsync(At(id, 0, "old"), source: "globex");

        Assert.Contains("globex", (await Reader.GetPackageAsync(id, Metrics, CancellationToken.None))!.Contributors);
    }

    [Fact]
    public async Task ErasingAPackageNeverStoredIsNotFound()
        => Assert.Equal(new ErasureResult(ErasureStatus.NotFound, 0), await EraseAsync(NewId(), Plenty));

    [Fact]
    public async Task TheTombstoneHidesThePackageAtOnceAndRefusesLaterAppends()
    {
        var id = NewId();
        var when = UniqueTime();
        await AppendAsync(At(id, 0, "e-1"), when);

        var erasing = await EraseAsync(id, TimeSpan.Zero);
        var late = await AppendAsync(At(id, 5, "late"), when.AddSeconds(1));
        var search = await Reader.SearchStatusAsync(new StatusQuery("in_transit", when.AddSeconds(-1), when.AddSeconds(2), 100), null, Metrics, CancellationToken.None);

        Assert.Equal(new ErasureResult(ErasureStatus.InProgress, 0), erasing);
        Assert.Null(await StateAsync(id));
        Assert.Null(await Reader.GetPackageAsync(id, Metrics, CancellationToken.None));
        Assert.Empty(search.Items);
        Assert.Equal(AppendOutcome.Gone, late.Outcome);
        Assert.Null(await Reader.GetEventAsync(id, "late", Metrics, CancellationToken.None));
    }

    [Fact]
    public async Task ARetryOfAStoredEventAfterTheTombstoneIsGoneToo()
    {
        var id = NewId();
        await AppendAsync(At(id, 0, "e-1"));
        await EraseAsync(id, TimeSpan.Zero);

        Assert.Equal(AppendOutcome.Gone, (await AppendAsync(At(id, 0, "e-1"))).Outcome);
    }

    [Fact]
    public async Task AnErasureDeletesEveryEventAndARepeatFindsNothingLeft()
    {
        var id = NewId();
        for (var i = 0; i < 30; i++) await AppendAsync(At(id, i, $"e-{i:D2}"));

        var done = await EraseAsync(id, Plenty);
        var again = await EraseAsync(id, Plenty);
        var history = await Reader.ReadHistoryAsync(new HistoryQuery(id, null, null, null, null, true, 100), null, Metrics, CancellationToken.None);

        Assert.Equal(new ErasureResult(ErasureStatus.Complete, 30), done);
        Assert.Equal(new ErasureResult(ErasureStatus.Complete, 0), again);
        Assert.Empty(history.Items);
    }

    [Fact]
    public async Task AuditRecordsReadBackNewestFirstPerSubjectAndPage()
    {
        var subject = "s-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 3; i++)
        {
            await Audit.WriteAuditAsync(new AuditRecord(subject, i % 2 == 0 ? "export" : "erase", "dpo", Base.AddMinutes(i), "complete", $"req-{i}", i, 1_900_000_000), Metrics, CancellationToken.None);
        }
        await Audit.WriteAuditAsync(new AuditRecord("other-" + subject, "export", "dpo", Base, "complete", "req-x", 0, 1_900_000_000), Metrics, CancellationToken.None);

        var first = await Audit.ReadAuditAsync(subject, null, 2, Metrics, CancellationToken.None);
        var second = await Audit.ReadAuditAsync(subject, first.Next, 2, Metrics, CancellationToken.None);

        Assert.Equal(["req-2", "req-1"], first.Items.Select(r => r.RequestId));
        Assert.Equal(["req-0"], second.Items.Select(r => r.RequestId));
        Assert.Equal(new AuditRecord(subject, "export", "dpo", Base, "complete", "req-0", 0, 1_900_000_000), second.Items[0]);
    }
}
