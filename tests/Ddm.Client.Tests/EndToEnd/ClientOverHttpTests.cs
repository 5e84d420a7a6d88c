using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Ddm.Client.Tests.EndToEnd;

/// <summary>The generated client against the emulator over real HTTP on 127.0.0.1.</summary>
public sealed class ClientOverHttpTests : IClassFixture<EmulatorFixture>
{
    private const string BackupsRoute = "GET /v3/{project_id}/backups";
    private readonly EmulatorFixture _fixture;

    public ClientOverHttpTests(EmulatorFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Auto_paging_yields_every_backup_once_in_order_with_the_fewest_requests()
    {
        var client = _fixture.Client();
        var expected = new List<string>();
        for (var offset = 0; offset < _fixture.Listed; offset += 128)
        {
            expected.AddRange((await client.ListBackupsAsync(offset, 128)).Value.Backups.Select(backup => backup.Id));
        }

        var before = _fixture.Emulator.Statistics.RequestsTo(BackupsRoute);
        var ids = new List<string>();
        await foreach (var backup in client.ListBackupsAutoPagingAsync())
        {
            ids.Add(backup.Id);
        }

        var requests = _fixture.Emulator.Statistics.RequestsTo(BackupsRoute) - before;
        Assert.Equal(_fixture.Listed, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(expected, ids);
        Assert.Equal((int)Math.Ceiling(_fixture.Listed / 128.0), requests);
    }

    [Fact]
    public async Task Auto_paging_over_1000_backups_makes_ceil_1000_over_128_requests()
    {
        await using var emulator = await Ddm.Emulator.DdmEmulator.StartAsync(new Ddm.Emulator.EmulatorOptions { BackupCount = 1143, Seed = 7 });
        var client = new DdmClient(_fixture.Http, new DdmClientOptions { Endpoint = emulator.BaseAddress, ProjectId = emulator.Options.ProjectId, Credential = DdmCredential.FromToken(emulator.Options.Token) });
        var total = (await client.ListBackupsAsync(limit: 1)).Value.Total;
        Assert.Equal(1000, total);

        var count = 0;
        await foreach (var backup in client.ListBackupsAutoPagingAsync())
        {
            count++;
        }

        Assert.Equal(1000, count);
        Assert.Equal(1 + 8, emulator.Statistics.RequestsTo(BackupsRoute));
    }

    [Fact]
    public async Task Restorable_intervals_page_the_same_way()
    {
        var instance = _fixture.Emulator.InstanceIds[0];

        var intervals = new List<RestoreTimeInterval>();
        await foreach (var interval in _fixture.Client().ListRestorableTimeIntervalsAutoPagingAsync(instance, limit: 2))
        {
            intervals.Add(interval);
        }

        Assert.Equal(3, intervals.Count);
        Assert.All(intervals, interval => Assert.True(interval.StartTime < interval.EndTime));
        Assert.Equal(intervals.OrderBy(interval => interval.StartTime), intervals);
    }

    [Fact]
    public async Task Unknown_statuses_from_the_server_are_kept()
    {
        var statuses = new HashSet<BackupStatus>();
        var instanceStatuses = new HashSet<InstanceStatus>();
        await foreach (var backup in _fixture.Client().ListBackupsAutoPagingAsync())
        {
            statuses.Add(backup.Status);
            // instance_status is optional, and some backups of the emulator have none.
            if (backup.InstanceStatus is { } instanceStatus)
            {
                instanceStatuses.Add(instanceStatus);
            }
        }

        Assert.Contains(new BackupStatus("frozen"), statuses);
        Assert.Contains(statuses, status => !status.IsKnown);
        Assert.Contains(InstanceStatus.Abnormal, instanceStatuses);
        Assert.Contains(new InstanceStatus("data_disk_full"), instanceStatuses);
        Assert.DoesNotContain(BackupStatus.Deleted, statuses);
    }

    /// <summary>A date as the emulator wrote it, in one of the forms the contract allows (a fraction, ±hhmm, ±hh:mm, Z).</summary>
    private static DateTimeOffset WireDate(JsonElement value) => DateTimeOffset.ParseExact(
        value.GetString()!,
        new[] { "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'" },
        CultureInfo.InvariantCulture,
        DateTimeStyles.AssumeUniversal);

    [Fact]
    public async Task Every_date_form_the_emulator_writes_is_read_with_its_instant_and_offset()
    {
        // The emulator writes most dates as the reference's examples do, and some with milliseconds, Z or +01:00.
        var client = _fixture.Client();
        var texts = new List<string>();
        for (var offset = 0; offset < _fixture.Listed; offset += 128)
        {
            var page = await client.ListBackupsAsync(offset, 128);
            var wire = JsonDocument.Parse(page.GetRawResponse().Content.ToMemory()).RootElement.GetProperty("backups").EnumerateArray().ToList();
            Assert.Equal(wire.Count, page.Value.Backups.Count);
            for (var index = 0; index < wire.Count; index++)
            {
                var backup = page.Value.Backups[index];
                var created = WireDate(wire[index].GetProperty("created"));
                Assert.Equal(created, backup.Created);
                Assert.Equal(created.Offset, backup.Created.Offset);
                texts.Add(wire[index].GetProperty("created").GetString()!);
                if (wire[index].TryGetProperty("updated", out var updated))
                {
                    Assert.Equal(WireDate(updated), backup.Updated);
                    Assert.Equal(WireDate(updated).Offset, backup.Updated!.Value.Offset);
                    texts.Add(updated.GetString()!);
                }
            }
        }

        foreach (var instance in _fixture.Emulator.InstanceIds)
        {
            var page = await client.ListRestorableTimeIntervalsAsync(instance);
            var wire = JsonDocument.Parse(page.GetRawResponse().Content.ToMemory()).RootElement.GetProperty("restorable_time_intervals").EnumerateArray().ToList();
            Assert.Equal(wire.Select(interval => WireDate(interval.GetProperty("start_time"))), page.Value.RestorableTimeIntervals.Select(interval => interval.StartTime));
            Assert.Equal(wire.Select(interval => WireDate(interval.GetProperty("end_time"))), page.Value.RestorableTimeIntervals.Select(interval => interval.EndTime));
            texts.AddRange(wire.SelectMany(interval => new[] { interval.GetProperty("start_time").GetString()!, interval.GetProperty("end_time").GetString()! }));
        }

        Assert.Contains(texts, text => text.Contains('.', StringComparison.Ordinal));
        Assert.Contains(texts, text => text.EndsWith('Z'));
        Assert.Contains(texts, text => text.EndsWith("+01:00", StringComparison.Ordinal));
        Assert.Contains(texts, text => text.EndsWith("+0100", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_mid_enumeration_stops_promptly_without_another_request()
    {
        using var cancellation = new CancellationTokenSource();
        var seen = 0;
        var before = _fixture.Emulator.Statistics.RequestsTo(BackupsRoute);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var backup in _fixture.Client().ListBackupsAutoPagingAsync(limit: 10).WithCancellation(cancellation.Token))
            {
                if (++seen == 15)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.Equal(15, seen);
        Assert.Equal(2, _fixture.Emulator.Statistics.RequestsTo(BackupsRoute) - before);
    }

    [Fact]
    public async Task A_400_is_an_api_exception_with_the_ddm_code_message_and_request_id()
    {
        // The client refuses out-of-range paging itself, so the 400 comes from a restore time the server rejects.
        var client = new Extended.DdmExtendedClient(_fixture.Http, new Extended.DdmExtendedClientOptions
        {
            Endpoint = _fixture.Emulator.BaseAddress,
            ProjectId = _fixture.Emulator.Options.ProjectId,
            Credential = Extended.DdmExtendedCredential.FromToken(_fixture.Emulator.Options.Token),
        });
        var source = _fixture.Emulator.InstanceIds[0];
        var request = new Extended.RecoveryRequest
        {
            Source = new Extended.RecoveryRequestSource { InstanceId = source, RestoreTime = 1 },
            Target = new Extended.RecoveryRequestTarget { InstanceId = source },
        };

        var exception = await Assert.ThrowsAsync<Extended.DdmExtendedApiException>(() => client.RestoreToNewInstanceAsync(source, request));

        Assert.Equal(400, exception.Status);
        Assert.Equal("DBS.280001", exception.ErrorCode);
        Assert.Equal("Parameter error.", exception.ErrorMessage);
        Assert.Matches("^[0-9a-f]{32}$", exception.RequestId);
        Assert.Equal($"restoreToNewInstance failed with HTTP 400 (BadRequest): DBS.280001 Parameter error. (request id {exception.RequestId}).", exception.Message);
    }

    [Fact]
    public async Task A_401_is_an_api_exception_in_the_gateway_shape_without_the_token()
    {
        const string Token = "expired-or-forged-token-value";

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => _fixture.Client(Token).ListBackupsAsync());

        Assert.Equal(401, exception.Status);
        Assert.Equal("APIG.0301", exception.ErrorCode);
        Assert.StartsWith("Incorrect IAM authentication information", exception.ErrorMessage, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{32}$", exception.RequestId);
        Assert.DoesNotContain(Token, exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, exception.ResponseBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_instance_is_an_api_exception_with_the_parameter_error()
    {
        var exception = await Assert.ThrowsAsync<DdmApiException>(() => _fixture.Client().ListRestorableTimeIntervalsAsync("a/b"));

        Assert.Equal(400, exception.Status);
        Assert.Equal("DBS.280001", exception.ErrorCode);
        Assert.NotNull(exception.RequestId);
    }
}
