using System;

namespace Ddm.Client.Authentication;

/// <summary>IAM did not issue a token: wrong credentials, an unreachable endpoint or an answer that cannot be read.</summary>
/// <remarks>The message names the user, domain and IAM endpoint to check; never the password or a token.</remarks>
public sealed class DdmAuthenticationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to check.</param>
    /// <param name="status">The HTTP status IAM answered, if it answered.</param>
    /// <param name="innerException">The cause, if any.</param>
    public DdmAuthenticationException(string message, int? status = null, Exception? innerException = null)
        : base(message, innerException) => Status = status;

    /// <summary>Creates the exception.</summary>
    public DdmAuthenticationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    public DdmAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public DdmAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status IAM answered; null when it did not answer.</summary>
    public int? Status { get; }
}
