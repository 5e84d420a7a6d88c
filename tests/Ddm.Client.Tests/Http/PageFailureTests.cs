using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Ddm.Client.Tests.Http;

/// <summary>
/// A page of an auto-paging listing that the service answers with an error: the exception names the offset of the
/// page, from which the listing can be started again.
/// </summary>
public sealed class PageFailureTests
{
    /// <summary>Pages of two backups of ten; the page at offset 4 is answered with a server error.</summary>
    private static Task<ScriptedServer> ServerAsync() => ScriptedServer.StartAsync(context =>
    {
        var offset = int.Parse(context.Request.Query["offset"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
        context.Response.ContentType = "application/json";
        if (offset == 4)
        {
            context.Response.StatusCode = 400;
            return context.Response.WriteAsync("""{"error_code":"DBS.280001","error_msg":"Parameter error."}""");
        }

        return context.Response.WriteAsync($$"""{"backups":[{{Backup(offset)}},{{Backup(offset + 1)}}],"offset":{{offset}},"limit":2,"total":10}""");
    });

    private static string Backup(int index) =>
        $$"""{"id":"b{{index}}","status":"normal","instance_id":"inst","created":"2025-02-19T02:50:20+0000"}""";

    private static DdmClient Client(ScriptedServer server) =>
        new(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t") });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_exception_of_a_failed_page_names_its_offset(bool async)
    {
        // Regression: the error of the third page said only what the service answered, not which page it was, so a
        // caller could not start the listing again where it stopped.
        await using var server = await ServerAsync();
        var client = Client(server);
        var ids = new List<string>();

        var exception = await Assert.ThrowsAsync<DdmApiException>(async () =>
        {
            if (async)
            {
                await foreach (var backup in client.ListBackupsAutoPagingAsync(limit: 2))
                {
                    ids.Add(backup.Id);
                }
            }
            else
            {
                await Task.Run(() =>
                {
                    foreach (var backup in client.ListBackupsAutoPaging(limit: 2))
                    {
                        ids.Add(backup.Id);
                    }
                });
            }
        });

        Assert.Equal(new[] { "b0", "b1", "b2", "b3" }, ids);
        Assert.Equal(400, exception.Status);
        Assert.Equal(4, exception.PageOffset);
        Assert.Equal("listBackups failed with HTTP 400 (BadRequest): DBS.280001 Parameter error. The listing stopped at the page at offset 4.", exception.Message);
    }

    [Fact]
    public async Task The_first_page_of_a_listing_that_fails_names_no_offset_to_go_on_from()
    {
        // Regression: a listing that failed at its first page said it stopped there, and ddm then said to go on from the
        // offset it had started at; nothing was listed, and the same call starts over.
        await using var server = await ServerAsync();

        var exception = await Assert.ThrowsAsync<DdmApiException>(async () =>
        {
            await foreach (var backup in Client(server).ListBackupsAutoPagingAsync(offset: 4, limit: 2))
            {
                Assert.Fail("The first page failed: " + backup.Id);
            }
        });

        Assert.Null(exception.PageOffset);
        Assert.Equal("listBackups failed with HTTP 400 (BadRequest): DBS.280001 Parameter error.", exception.Message);
    }

    [Fact]
    public async Task A_request_that_is_no_page_of_a_listing_has_no_page_offset()
    {
        await using var server = await ServerAsync();

        var exception = await Assert.ThrowsAsync<DdmApiException>(() => Client(server).ListBackupsAsync(offset: 4, limit: 2));

        Assert.Null(exception.PageOffset);
        Assert.Equal("listBackups failed with HTTP 400 (BadRequest): DBS.280001 Parameter error.", exception.Message);
    }

    /// <summary>
    /// Pages of two backups of ten, where the page at offset 4 fails as <paramref name="failure"/> says for as long as
    /// <paramref name="failing"/> holds true: the connection dropped, or no answer until the client gives up.
    /// </summary>
    private static Task<ScriptedServer> FailingServerAsync(string failure, StrongBox<bool> failing) => ScriptedServer.StartAsync(async context =>
    {
        var offset = int.Parse(context.Request.Query["offset"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
        if (offset == 4 && failing.Value)
        {
            if (failure == "dropped")
            {
                context.Abort();
                return;
            }

            // No answer: the request waits until the client gives up on it.
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"backups":[{{Backup(offset)}},{{Backup(offset + 1)}}],"offset":{{offset}},"limit":2,"total":10}""");
    });

    [Theory]
    [InlineData("dropped", true, true)]
    [InlineData("dropped", false, true)]
    [InlineData("dropped", true, false)]
    [InlineData("timeout", true, false)]
    [InlineData("timeout", false, false)]
    public async Task A_page_that_fails_without_an_answer_carries_where_the_listing_stopped_and_a_token_that_goes_on_from_there(string failure, bool async, bool retries)
    {
        // Regression: only an error answer named the offset of the page that failed; a dropped connection, a network
        // timeout or retries that ran out at page 300 of a listing said nothing of where it stopped, and the only way on
        // was to list everything again.
        var failing = new StrongBox<bool>(true);
        await using var server = await FailingServerAsync(failure, failing);
        var client = new DdmClient(new DdmClientOptions
        {
            Endpoint = server.BaseAddress,
            ProjectId = "p",
            Credential = DdmCredential.FromToken("t"),
            NetworkTimeout = failure == "timeout" ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(100),
            RetryPolicy = retries ? new ClientRetryPolicy(1) : new ClientRetryPolicy(0),
        });
        var ids = new List<string>();

        var exception = await Record.ExceptionAsync(async () =>
        {
            if (async)
            {
                await foreach (var backup in client.ListBackupsAutoPagingAsync(limit: 2))
                {
                    ids.Add(backup.Id);
                }
            }
            else
            {
                await Task.Run(() =>
                {
                    foreach (var backup in client.ListBackupsAutoPaging(limit: 2))
                    {
                        ids.Add(backup.Id);
                    }
                });
            }
        });

        Assert.NotNull(exception);
        Assert.IsNotType<DdmApiException>(exception);
        Assert.Equal(new[] { "b0", "b1", "b2", "b3" }, ids);
        Assert.Equal(4L, exception.Data[DdmApiException.PageOffsetKey]);
        var token = Assert.IsAssignableFrom<ContinuationToken>(exception.Data[DdmApiException.ContinuationTokenKey]);

        failing.Value = false;
        var resumed = new List<string>();
        await foreach (var backup in client.ListBackupsAutoPagingAsync(ContinuationToken.FromBytes(token.ToBytes())))
        {
            resumed.Add(backup.Id);
        }

        Assert.Equal(new[] { "b4", "b5", "b6", "b7", "b8", "b9" }, resumed);
    }

    [Fact]
    public async Task A_listing_cancelled_while_a_page_is_asked_for_carries_where_it_stopped()
    {
        var failing = new StrongBox<bool>(true);
        await using var server = await FailingServerAsync("timeout", failing);
        using var cancellation = new CancellationTokenSource();
        var ids = new List<string>();

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var backup in Client(server).ListBackupsAutoPagingAsync(limit: 2, cancellationToken: cancellation.Token))
            {
                ids.Add(backup.Id);
                if (ids.Count == 4)
                {
                    // The next page is asked for once this item is taken, and hangs until the cancellation.
                    _ = Task.Run(async () =>
                    {
                        while (server.RawTargets.Count < 3)
                        {
                            await Task.Yield();
                        }

                        await cancellation.CancelAsync();
                    });
                }
            }
        });

        Assert.Equal(4L, exception.Data[DdmApiException.PageOffsetKey]);
        Assert.IsAssignableFrom<ContinuationToken>(exception.Data[DdmApiException.ContinuationTokenKey]);
    }

    [Fact]
    public async Task A_page_answered_with_an_error_carries_its_offset_and_token_as_any_other_failure_does()
    {
        await using var server = await ServerAsync();

        var exception = await Assert.ThrowsAsync<DdmApiException>(async () =>
        {
            await foreach (var backup in Client(server).ListBackupsAutoPagingAsync(limit: 2))
            {
                Assert.NotNull(backup);
            }
        });

        Assert.Equal(4L, exception.Data[DdmApiException.PageOffsetKey]);
        Assert.Equal(exception.PageOffset, exception.Data[DdmApiException.PageOffsetKey]);
        Assert.IsAssignableFrom<ContinuationToken>(exception.Data[DdmApiException.ContinuationTokenKey]);
    }

    [Fact]
    public async Task The_first_page_of_a_listing_that_fails_without_an_answer_carries_no_offset()
    {
        await using var server = await FailingServerAsync("dropped", new StrongBox<bool>(true));
        var client = new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t"), RetryPolicy = new ClientRetryPolicy(0) });

        var exception = await Record.ExceptionAsync(async () =>
        {
            await foreach (var backup in client.ListBackupsAutoPagingAsync(offset: 4, limit: 2))
            {
                Assert.Fail("The first page failed: " + backup.Id);
            }
        });

        Assert.NotNull(exception);
        Assert.False(exception.Data.Contains(DdmApiException.PageOffsetKey));
        Assert.False(exception.Data.Contains(DdmApiException.ContinuationTokenKey));
    }

    [Fact]
    public async Task A_page_whose_request_fails_with_an_InvalidOperationException_carries_where_the_listing_stopped()
    {
        // Regression: every InvalidOperationException was taken for one of the pager's own refusals (a page answered
        // twice, an offset past its range), so a handler or policy that failed so at page 300 (as HttpClient does for a
        // request it cannot send) left no offset and no token, and the listing could only be started over.
        await using var server = await ServerAsync();
        var options = new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t") };
        options.AddPolicy(new FailingAtOffset("2"), PipelinePosition.PerCall);
        var ids = new List<string>();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var backup in new DdmClient(options).ListBackupsAutoPagingAsync(limit: 2))
            {
                ids.Add(backup.Id);
            }
        });

        Assert.Equal(new[] { "b0", "b1" }, ids);
        Assert.Equal(2L, exception.Data[DdmApiException.PageOffsetKey]);
        Assert.IsAssignableFrom<ContinuationToken>(exception.Data[DdmApiException.ContinuationTokenKey]);
    }
    [Fact]
    public async Task A_page_answered_twice_is_refused_with_no_offset_to_go_on_from()
    {
        // Going on from the page the service answered twice meets the same page again.
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync($$"""{"backups":[{{Backup(0)}},{{Backup(1)}}],"offset":0,"limit":2,"total":10}""");
        });

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var backup in Client(server).ListBackupsAutoPagingAsync(limit: 2))
            {
                Assert.NotNull(backup);
            }
        });

        Assert.Contains("with the page it answered before", exception.Message, StringComparison.Ordinal);
        Assert.False(exception.Data.Contains(DdmApiException.PageOffsetKey));
        Assert.False(exception.Data.Contains(DdmApiException.ContinuationTokenKey));
    }

    [Fact]
    public async Task An_exception_that_ends_two_listings_in_turn_carries_where_the_second_stopped()
    {
        // Regression: the offset and token were written only on an exception that had none, so one thrown again (a
        // policy that keeps its exception, a cached failure) went on carrying where the first listing stopped, and
        // its token resumed the first listing, with that listing's arguments, in the second's place.
        await using var server = await ServerAsync();
        var failure = new System.IO.IOException("The connection was lost.");
        var options = new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t"), RetryPolicy = new ClientRetryPolicy(0) };
        options.AddPolicy(new FailingAtPage(failure), PipelinePosition.PerCall);
        var client = new DdmClient(options);

        foreach (var (offset, stopped) in new[] { (0, 2L), (6, 8L) })
        {
            var exception = await Assert.ThrowsAsync<System.IO.IOException>(async () =>
            {
                await foreach (var backup in client.ListBackupsAutoPagingAsync(offset: offset, limit: 2))
                {
                    Assert.NotNull(backup);
                }
            });

            Assert.Same(failure, exception);
            Assert.Equal(stopped, exception.Data[DdmApiException.PageOffsetKey]);
        }

        var resumed = new List<string>();
        await foreach (var backup in new DdmClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p", Credential = DdmCredential.FromToken("t") })
            .ListBackupsAutoPagingAsync((ContinuationToken)failure.Data[DdmApiException.ContinuationTokenKey]!))
        {
            resumed.Add(backup.Id);
        }

        Assert.Equal(new[] { "b8", "b9" }, resumed);
    }

    /// <summary>Throws <paramref name="failure"/>, the same exception each time, for every page but the first of a listing.</summary>
    private sealed class FailingAtPage(Exception failure) : PipelinePolicy
    {
        private int _requests;

        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Fail();
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Fail();
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Fail()
        {
            if (Interlocked.Increment(ref _requests) % 2 == 0)
            {
                throw failure;
            }
        }
    }

    /// <summary>Fails the request for the page at <paramref name="offset"/> as a handler that cannot send it does.</summary>
    private sealed class FailingAtOffset(string offset) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Fail(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Fail(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Fail(PipelineMessage message)
        {
            if (message.Request.Uri!.Query.Contains("offset=" + offset, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The request cannot be sent.");
            }
        }
    }
}
