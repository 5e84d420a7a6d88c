using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace Ddm.Emulator;

/// <summary>
/// A date of the seeded data: its instant, in the offset it is written in, and whether that offset is written in the
/// extended form (<c>Z</c> for UTC, <c>+01:00</c>) rather than the reference's <c>+0000</c> and <c>+0100</c>.
/// </summary>
internal readonly record struct WireDate(DateTimeOffset Value, bool ExtendedOffset)
{
    public override string ToString() => Answers.DdmDate(Value, ExtendedOffset);
}

/// <summary>
/// A backup as the Querying Backups page documents it. Id, status, instance id and creation time are always there
/// (spec/ddm-v3.yaml requires them); a null member is left out of the answer.
/// </summary>
internal sealed record Backup(
    string Id,
    string? Name,
    string? Description,
    string Status,
    string InstanceId,
    string? InstanceName,
    string? InstanceStatus,
    double? FileSize,
    WireDate Created,
    WireDate? Updated,
    string? BackupType);

/// <summary>The optional members a seeded backup leaves out.</summary>
[Flags]
internal enum Omitted
{
    None = 0,
    Description = 1,
    Updated = 2,
    FileSize = 4,
    InstanceStatus = 8,
    Name = 16,
    InstanceName = 32,
    BackupType = 64,

    /// <summary>Every optional member: only id, status, instance_id and created are left.</summary>
    AllOptional = Description | Updated | FileSize | InstanceStatus | Name | InstanceName | BackupType,
}

internal sealed record Instance(string Id, string Name, IReadOnlyList<(WireDate Start, WireDate End)> Intervals)
{
    /// <summary>How many data nodes (RDS for MySQL instances) each instance has.</summary>
    public const int DataNodeCount = 2;

    /// <summary>
    /// The instance's data nodes, made from its id and name alone (so that they take no draw from the seed's stream):
    /// the id's first 26 characters, the node's number and RDS's <c>in01</c>, and the name with <c>-rds-</c> and the number.
    /// </summary>
    public IReadOnlyList<DataNode> DataNodes { get; } = Enumerable.Range(1, DataNodeCount)
        .Select(number => new DataNode(string.Create(CultureInfo.InvariantCulture, $"{Id[..26]}{number:D2}in01"), string.Create(CultureInfo.InvariantCulture, $"{Name}-rds-{number}")))
        .ToArray();
}

/// <summary>A data node of a DDM instance: an RDS for MySQL instance, as <c>related_data_nodes</c> names it.</summary>
internal sealed record DataNode(string Id, string Name);

internal sealed record Job(string Id, string Name, string Status, long CreatedTime, long EndTime, string InstanceId, string InstanceName);

/// <summary>
/// The seeded tenant: instances with restorable intervals and backups, newest first (an instance without backups that
/// are not deleted has no interval). The same options give the same data. Backups with status "deleted" exist but are
/// never listed, as the reference says.
/// </summary>
internal sealed class EmulatorData
{
    /// <summary>The newest backup's creation time; older ones follow an hour apart.</summary>
    private static readonly DateTimeOffset Newest = new(2025, 2, 19, 2, 50, 20, TimeSpan.Zero);

    /// <summary>
    /// Central European time, the offset of the reference's example <c>2021-12-14T07:46:22+0100</c>: every third
    /// backup, from the second on, writes its dates in it (the same instants, in another zone), the others in UTC.
    /// </summary>
    private static readonly TimeSpan CentralEuropean = TimeSpan.FromHours(1);

    /// <summary>
    /// The share of the backups, and of the interval bounds, whose instant has milliseconds, written as a fraction
    /// (<c>2025-02-19T02:50:20.123+0000</c>): the reference's examples have none, but the restoration time range page
    /// says its times are "accurate to milliseconds".
    /// </summary>
    private const double WithMilliseconds = 0.2;

    /// <summary>
    /// The share of the dates written with an extended offset, <c>Z</c> or <c>+01:00</c>, which the reference's
    /// examples never show but readers are to accept. The rest, most dates, are in the form of the examples.
    /// </summary>
    private const double WithExtendedOffset = 0.2;

    // Every documented status, the values the reference's own examples use, and values no table lists,
    // so that clients prove they keep what they do not know.
    private static readonly string[] BackupStatuses = { "normal", "normal", "normal", "creating", "createfail", "deleted", "normal", "frozen" };
    private static readonly string[] InstanceStatuses = { "RUNNING", "normal", "BACKUP", "abnormal", "RESIZING", "RUNNING", "data_disk_full" };

    // Only some members are always there: most backups have every one, as the reference's example does, some lack
    // one or two, and one in eleven has only the required ones. Eleven shares no factor with the cycles above, so
    // every status meets every shape.
    private static readonly Omitted[] Omissions =
    {
        Omitted.None, Omitted.None, Omitted.Updated, Omitted.None, Omitted.Description, Omitted.None,
        Omitted.FileSize | Omitted.Updated, Omitted.None, Omitted.InstanceStatus, Omitted.None, Omitted.AllOptional,
    };

    private readonly object _gate = new();
    private readonly List<Backup> _listed;
    private readonly Dictionary<string, Backup> _byId;

    /// <summary>How many backups of each instance a restore can start from (see <see cref="Restorable"/>); changed under <see cref="_gate"/>.</summary>
    private readonly Dictionary<string, int> _backupsLeft;
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private int _jobCounter;

    private readonly TimeProvider _clock;

    /// <summary>
    /// The options, whose <see cref="EmulatorOptions.IssuedTokenLifetime"/> is how long a job is kept after its end (see
    /// <see cref="FindJob"/>). It is read each time, as <see cref="TokenStore"/> reads it, so that jobs are kept as long as
    /// tokens last when it is changed after start.
    /// </summary>
    private readonly EmulatorOptions _options;

    private TimeSpan JobRetention => _options.IssuedTokenLifetime;

    private readonly object _jobSweepGate = new();
    private DateTimeOffset? _lastJobSweep;

    public EmulatorData(EmulatorOptions options)
    {
        _clock = options.TimeProvider;
        _options = options;
        var random = new Random(options.Seed);
        // The forms of the dates are drawn from streams of their own, so that the ids and sizes of a seed stay the
        // same, and a backup's dates do not depend on how many instances and intervals there are.
        var backupForms = new Random(unchecked(options.Seed * 31 + 1));
        var intervalForms = new Random(unchecked(options.Seed * 31 + 2));
        // Backups go to the instances in turn, so the instances from BackupCount on have none, and no restorable interval
        // (see RestorableIntervals): there is nothing to restore them from. The intervals follow from the backups, so
        // they are added once the backups are made.
        var instances = Enumerable.Range(0, options.InstanceCount)
            .Select(index => new Instance(Hex(random, 28) + "in09", $"ddm-{index + 1:D2}", Array.Empty<(WireDate Start, WireDate End)>()))
            .ToList();
        Instances = instances;

        var all = new List<Backup>(options.BackupCount);
        for (var index = 0; index < options.BackupCount; index++)
        {
            var instance = Instances[index % Instances.Count];
            // The same draws for every backup, used or not, so that its dates depend only on the seed and its index.
            var milliseconds = Milliseconds(backupForms);
            var createdExtended = backupForms.NextDouble() < WithExtendedOffset;
            var updatedExtended = backupForms.NextDouble() < WithExtendedOffset;
            var created = Newest.AddHours(-index).AddMilliseconds(milliseconds).ToOffset(index % 3 == 1 ? CentralEuropean : TimeSpan.Zero);
            var id = Hex(random, 27) + "br09";
            // Drawn for every backup, so that leaving a size out changes nothing else.
            var fileSize = Math.Round(random.NextDouble() * 10_000, 6);
            var omitted = Omissions[index % Omissions.Length];
            bool Has(Omitted member) => (omitted & member) == 0;
            all.Add(new Backup(
                id,
                Has(Omitted.Name) ? "Backup" : null,
                Has(Omitted.Description) ? (index % 3 == 0 ? "metadata backup" : "auto metadata backup") : null,
                BackupStatuses[index % BackupStatuses.Length],
                instance.Id,
                Has(Omitted.InstanceName) ? instance.Name : null,
                Has(Omitted.InstanceStatus) ? InstanceStatuses[index % InstanceStatuses.Length] : null,
                Has(Omitted.FileSize) ? fileSize : null,
                new WireDate(created, createdExtended),
                Has(Omitted.Updated) ? new WireDate(created.AddSeconds(17), updatedExtended) : null,
                Has(Omitted.BackupType) ? (index % 3 == 0 ? "metadata" : "auto_metadata") : null));
        }

        _byId = all.ToDictionary(backup => backup.Id, StringComparer.Ordinal);
        _listed = all.Where(backup => backup.Status != "deleted").ToList();
        for (var index = 0; index < instances.Count; index++)
        {
            // Listed newest first: the last of an instance's backups is its oldest.
            var oldest = _listed.LastOrDefault(backup => backup.InstanceId == instances[index].Id && Restorable(backup));
            instances[index] = instances[index] with { Intervals = Intervals(intervalForms, oldest?.Created.Value ?? Newest, options.IntervalsPerInstance) };
        }

        _backupsLeft = Instances.ToDictionary(instance => instance.Id, instance => _listed.Count(backup => backup.InstanceId == instance.Id && Restorable(backup)), StringComparer.Ordinal);
    }

    public IReadOnlyList<Instance> Instances { get; }

    public Instance? FindInstance(string id) => Instances.FirstOrDefault(instance => instance.Id == id);

    /// <summary>A page of the listed backups and their total, taken under the lock so a delete cannot tear it.</summary>
    public (IReadOnlyList<Backup> Page, int Total) ListBackups(int offset, int limit)
    {
        lock (_gate)
        {
            var page = offset >= _listed.Count ? Array.Empty<Backup>() : _listed.GetRange(offset, Math.Min(limit, _listed.Count - offset)).ToArray();
            return (page, _listed.Count);
        }
    }

    /// <summary>The backup with the id as it is now, a deleted one too; null when there is none.</summary>
    public Backup? FindBackup(string id)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(id, out var backup) ? backup : null;
        }
    }

    /// <summary>Marks a backup deleted, so it is listed no more; the backup as it was, or null when there is no such listed backup.</summary>
    public Backup? DeleteBackup(string id)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out var backup) || backup.Status == "deleted")
            {
                return null;
            }

            _byId[id] = backup with { Status = "deleted" };
            _listed.Remove(backup);
            if (Restorable(backup))
            {
                _backupsLeft[backup.InstanceId]--;
            }

            return backup;
        }
    }

    /// <summary>
    /// Whether a restore can start from the backup: one that is <c>normal</c>, not one being created, one that failed, or
    /// one in a status the reference does not list.
    /// </summary>
    public static bool Restorable(Backup backup) => backup.Status == "normal";

    /// <summary>
    /// The instance's restorable intervals from its oldest normal backup that is not deleted on: none once there is
    /// nothing to restore it from (an instance that no normal backup went to, or one whose normal backups are all
    /// deleted, also through the API), and once its oldest backups are deleted, none before the oldest left (an interval
    /// that reached over it begins at it, in UTC). Deleting a backup between others takes nothing away: the older one
    /// still reaches every instant.
    /// </summary>
    public IReadOnlyList<(WireDate Start, WireDate End)> RestorableIntervals(Instance instance)
    {
        lock (_gate)
        {
            if (_backupsLeft[instance.Id] == 0)
            {
                return Array.Empty<(WireDate Start, WireDate End)>();
            }

            // Listed newest first, and an instance's oldest backups are near the end: the first found from there is its oldest.
            var oldest = _listed.FindLast(backup => backup.InstanceId == instance.Id && Restorable(backup))!.Created.Value;
            return instance.Intervals
                .Where(interval => interval.End.Value >= oldest)
                .Select(interval => interval.Start.Value >= oldest ? interval : (new WireDate(oldest.ToUniversalTime(), interval.Start.ExtendedOffset), interval.End))
                .ToList();
        }
    }

    /// <summary>Starts a job on the instance, now by the emulator's clock; it ends 42 seconds later.</summary>
    public Job AddJob(string name, Instance instance)
    {
        // Jobs past their retention go as others come: a sweep at most every tenth of the retention, which keeps starting
        // one cheap, so an expired job is held until a job starts, and then up to a tenth of the retention longer. As for tokens (TokenStore.Issue), the time is read under
        // the lock, and a clock set back sweeps at once and counts from there.
        DateTimeOffset now;
        lock (_jobSweepGate)
        {
            now = _clock.GetUtcNow();
            if (_lastJobSweep is not { } last || now < last || now - last >= JobRetention / 10)
            {
                _lastJobSweep = now;
                foreach (var (id, held) in _jobs)
                {
                    if (PastRetention(held, now))
                    {
                        _jobs.TryRemove(id, out _);
                    }
                }
            }
        }

        var number = Interlocked.Increment(ref _jobCounter);
        var job = new Job(
            string.Create(CultureInfo.InvariantCulture, $"{number:x8}-job-{instance.Id[..8]}"),
            name,
            "Completed",
            now.ToUnixTimeMilliseconds(),
            now.AddSeconds(42).ToUnixTimeMilliseconds(),
            instance.Id,
            instance.Name);
        _jobs[job.Id] = job;
        return job;
    }

    /// <summary>How many jobs are held, those past their retention not yet dropped included.</summary>
    public int JobsHeld => _jobs.Count;

    /// <summary>
    /// The job with the id, or null when there is none: never started, or ended longer ago than the retention, a token's
    /// lifetime. The reference says nothing of how long a job can be queried; a caller can ask after one for as long as
    /// a token lasts, and a job past that is answered as one never started, whether or not a sweep has dropped it yet.
    /// </summary>
    public Job? FindJob(string id) => _jobs.TryGetValue(id, out var job) && !PastRetention(job, _clock.GetUtcNow()) ? job : null;

    /// <summary>Whether the job ended the retention or longer before <paramref name="now"/>.</summary>
    private bool PastRetention(Job job, DateTimeOffset now) => now.ToUnixTimeMilliseconds() - job.EndTime >= (long)JobRetention.TotalMilliseconds;

    /// <summary>
    /// Non-overlapping intervals, oldest first, each about a day long with a gap of about a day between them, in UTC
    /// as the reference says of these times; some bounds have milliseconds, and some are written with <c>Z</c>. The
    /// first begins at <paramref name="oldestBackup"/>, the instance's oldest backup: no restore reaches before it.
    /// </summary>
    private static List<(WireDate Start, WireDate End)> Intervals(Random forms, DateTimeOffset oldestBackup, int count)
    {
        // The same draws for every bound, the first start's too, so that the forms depend only on the seed.
        WireDate Bound(DateTimeOffset value, bool exact)
        {
            var milliseconds = Milliseconds(forms);
            return new WireDate(value.AddMilliseconds(exact ? 0 : milliseconds).ToUniversalTime(), forms.NextDouble() < WithExtendedOffset);
        }

        return Enumerable.Range(0, count)
            .Select(index => (Start: oldestBackup.AddDays(2 * index), First: index == 0))
            .Select(interval => (Bound(interval.Start, interval.First), Bound(interval.Start.AddDays(1).AddMinutes(-13), exact: false)))
            .ToList();
    }

    /// <summary>1 to 999 for <see cref="WithMilliseconds"/> of the draws, else 0; two draws either way.</summary>
    private static int Milliseconds(Random forms)
    {
        var has = forms.NextDouble() < WithMilliseconds;
        var milliseconds = 1 + forms.Next(999);
        return has ? milliseconds : 0;
    }

    private static string Hex(Random random, int length)
    {
        const string Digits = "0123456789abcdef";
        return string.Create(length, random, static (span, generator) =>
        {
            for (var index = 0; index < span.Length; index++)
            {
                span[index] = Digits[generator.Next(16)];
            }
        });
    }
}
