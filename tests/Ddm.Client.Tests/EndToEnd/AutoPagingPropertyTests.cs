using System;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using CsCheck;
using Ddm.Emulator;

namespace Ddm.Client.Tests.EndToEnd;

/// <summary>
/// Auto-paging against the emulator over real HTTP, for any number of backups, instances and restorable intervals,
/// any page size, any start and either listing (the backups, or the intervals of one instance): the client yields
/// exactly the list the emulator holds from the start on, in order, each item once, and asks for no page more than the
/// list needs: one for each page size of items, and one page for a listing with no item left to give.
/// </summary>
/// <remarks>
/// The list the emulator holds is read through plain HTTP, page by page, without the client. Each run draws a new
/// seed; a failure reports the smallest listing and the seed that replays it (<c>CsCheck_Seed</c>).
/// </remarks>
public sealed class AutoPagingPropertyTests
{
    private const string BackupsRoute = "GET /v3/{project_id}/backups";

    private const string IntervalsRoute = "GET /v3/{project_id}/instances/{instance_id}/backups/restorable-time-interval";

    /// <summary>
    /// One listing: the emulator's data (backups, instances, intervals per instance, seed), the listing (-1 for the
    /// backups, else the index of the instance whose intervals are listed), where it starts, its page size, and whether it
    /// is read asynchronously.
    /// </summary>
    public sealed record Listing(int Backups, int Instances, int Intervals, int Seed, int Instance, int Offset, int? Limit, bool Async);

    private static readonly Gen<Listing> Listings = Gen.Select(
        Gen.Select(Gen.Frequency((1, Gen.OneOf(0, 1, 128, 129, 256)), (4, Gen.Int[0, 300])), Gen.Int[1, 4], Gen.Frequency((1, Gen.Int[0, 3]), (2, Gen.Int[0, 150])), Gen.Int[1, 1000]),
        Gen.Select(Gen.Int[-1, 3], Gen.Frequency((3, Gen.Const(0)), (3, Gen.Int[0, 320])), Gen.Frequency((1, Gen.Const((int?)null)), (2, Gen.Int[1, 9].Select(limit => (int?)limit)), (4, Gen.Int[1, 100].Select(limit => (int?)limit))), Gen.Bool),
        (data, listing) => new Listing(data.Item1, data.Item2, data.Item3, data.Item4, Math.Min(listing.Item1, data.Item2 - 1), listing.Item2, listing.Item3, listing.Item4));

    [Fact]
    public async Task Auto_paging_yields_the_emulators_list_in_order_once_with_one_request_a_page()
    {
        using var http = new HttpClient();
        await Listings.SampleAsync(async listing =>
        {
            await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions
            {
                BackupCount = listing.Backups,
                InstanceCount = listing.Instances,
                IntervalsPerInstance = listing.Intervals,
                Seed = listing.Seed,
            });
            var client = new DdmClient(http, new DdmClientOptions { Endpoint = emulator.BaseAddress, ProjectId = emulator.Options.ProjectId, Credential = DdmCredential.FromToken(emulator.Options.Token) });
            var backups = listing.Instance < 0;
            var path = backups ? "backups" : $"instances/{emulator.InstanceIds[listing.Instance]}/backups/restorable-time-interval";
            var held = backups ? await Held<BackupInfo>(http, emulator, path, "backups") : await Held<RestoreTimeInterval>(http, emulator, path, "restorable_time_intervals");
            var route = backups ? BackupsRoute : IntervalsRoute;

            var before = emulator.Statistics.RequestsTo(route);
            var read = backups ? await ReadBackups(client, listing) : await ReadIntervals(client, listing, emulator.InstanceIds[listing.Instance]);
            var requests = emulator.Statistics.RequestsTo(route) - before;

            var expected = held.Skip(listing.Offset).ToList();
            Assert.Equal(expected, read);
            var size = listing.Limit ?? 128;
            Assert.Equal(Math.Max(1, (expected.Count + size - 1) / size), requests);
        }, iter: Environment.GetEnvironmentVariable("CsCheck_Iter") is null ? 20 : -1, threads: 1);
    }

    /// <summary>
    /// The items the emulator holds, read through plain HTTP in pages of 128, each as the JSON the client writes of it,
    /// as the items the client yields are compared.
    /// </summary>
    private static async Task<List<string>> Held<T>(HttpClient http, DdmEmulator emulator, string path, string items)
        where T : IJsonModel<T>
    {
        var held = new List<string>();
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.BaseAddress, $"v3/{emulator.Options.ProjectId}/{path}?offset={held.Count}&limit=128"));
            request.Headers.Add("X-Auth-Token", emulator.Options.Token);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var page = body.RootElement.GetProperty(items).EnumerateArray().Select(item => Written(ModelReaderWriter.Read<T>(BinaryData.FromString(item.GetRawText()))!)).ToList();
            held.AddRange(page);
            if (page.Count == 0)
            {
                Assert.Equal(body.RootElement.GetProperty("total").GetInt32(), held.Count);
                return held;
            }
        }
    }

    private static async Task<List<string>> ReadBackups(DdmClient client, Listing listing)
    {
        var read = new List<BackupInfo>();
        if (listing.Async)
        {
            await foreach (var backup in client.ListBackupsAutoPagingAsync(listing.Offset, listing.Limit))
            {
                read.Add(backup);
            }
        }
        else
        {
            read.AddRange(client.ListBackupsAutoPaging(listing.Offset, listing.Limit));
        }

        return read.Select(item => Written(item)).ToList();
    }

    private static async Task<List<string>> ReadIntervals(DdmClient client, Listing listing, string instanceId)
    {
        var read = new List<RestoreTimeInterval>();
        if (listing.Async)
        {
            await foreach (var interval in client.ListRestorableTimeIntervalsAutoPagingAsync(instanceId, listing.Offset, listing.Limit))
            {
                read.Add(interval);
            }
        }
        else
        {
            read.AddRange(client.ListRestorableTimeIntervalsAutoPaging(instanceId, listing.Offset, listing.Limit));
        }

        return read.Select(item => Written(item)).ToList();
    }

    private static string Written<T>(T item)
        where T : IJsonModel<T> => ModelReaderWriter.Write(item).ToString();
}
