# Dot-sourced by the tests that plant secrets. Every planted secret is assembled here, at test time, from fragments and a
# seeded random generator, so that secret scanners run on this repository (gitleaks, GitHub push protection) never find a
# real-looking one in it.
$script:PlantedRandom = [Random]::new(20261126)
function New-Random([int] $Length, [string] $Alphabet) { -join (1..$Length | ForEach-Object { $Alphabet[$script:PlantedRandom.Next($Alphabet.Length)] }) }
$upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'; $lower = 'abcdefghijklmnopqrstuvwxyz'; $digits = '0123456789'
$alnum = $upper + $lower + $digits; $b64 = $alnum + '+/'; $hex = '0123456789abcdef'
$script:Planted = [ordered]@{
    AwsKeyId   = 'AK' + 'IA' + (New-Random 16 ($upper + '234567'))
    AwsSecret  = New-Random 40 $b64
    GitHub     = 'gh' + 'p_' + (New-Random 36 $alnum)
    GitLab     = 'glp' + 'at-' + (New-Random 20 $alnum)
    Slack      = 'xo' + 'xb-' + (New-Random 12 $digits) + '-' + (New-Random 12 $digits) + '-' + (New-Random 24 $alnum)
    Stripe     = 'sk' + '_li' + 've_' + (New-Random 24 $alnum)
    Twilio     = 'S' + 'K' + (New-Random 32 $hex)
    SendGrid   = 'S' + 'G.' + (New-Random 22 $alnum) + '.' + (New-Random 43 $alnum)
    Google     = 'AI' + 'za' + (New-Random 35 $alnum)
    Npm        = 'np' + 'm_' + (New-Random 36 $alnum)
    Jwt        = 'ey' + 'JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.' + 'ey' + (New-Random 40 $alnum) + '.' + (New-Random 43 $alnum)
    DbPassword = (New-Random 10 $alnum) + '!#' + (New-Random 8 $alnum)
    UrlPassword = New-Random 16 $alnum
    ApiKey     = New-Random 32 $alnum
    KeyBody    = (1..10 | ForEach-Object { New-Random 64 $b64 }) -join "`n"
}
$script:PemKey = "-----BEGIN RSA PRIV" + "ATE KEY-----`n$($script:Planted.KeyBody)`n-----END RSA PRIV" + "ATE KEY-----"

# Fails if any rendering of the given objects or streams, or the given text (report files), holds a planted secret in clear.
function Assert-NoPlantedSecret([object[]] $Objects, [string] $Text = '') {
    $text = $Text
    if ($Objects) {
        $text += ($Objects | Format-Table -AutoSize | Out-String -Width 400) + ($Objects | Format-List * | Out-String -Width 400) + ($Objects | ConvertTo-Json -Depth 5) + ($Objects | Out-String)
    }
    foreach ($name in $script:Planted.Keys) {
        foreach ($secret in @($script:Planted[$name]) + @($script:Planted[$name] -split "`n")) {
            $text.Contains($secret) | Should -BeFalse -Because "the planted $name must never appear in clear"
        }
    }
}
