<#
.SYNOPSIS
    Generates MAML help (LambdaSec.dll-Help.xml) for the binary cmdlets from their XML doc comments.
.DESCRIPTION
    Runs in its own process because it imports the built module. Cmdlet classes document themselves with
    <para type="synopsis">, <para type="description"> and <example><code/><para/></example>; parameters with
    <para type="description"> in the property's summary.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $XmlDocPath,
    [Parameter(Mandatory)] [string] $OutFile
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$docs = @{}
foreach ($member in ([xml](Get-Content -LiteralPath $XmlDocPath -Raw)).doc.members.member) {
    $docs[$member.name] = $member
}

function ConvertTo-XmlText([string] $Text) { [System.Security.SecurityElement]::Escape($Text) }

function Get-Paras($node, [string] $Type) {
    if ($null -eq $node) { return @() }
    @($node.SelectNodes("para[@type='$Type']") | ForEach-Object { ($_.InnerText -replace '\s+', ' ').Trim() })
}

function Get-TypeDoc([type] $Type) {
    for ($t = $Type; $null -ne $t; $t = $t.BaseType) {
        if ($docs.ContainsKey("T:$($t.FullName)")) { return $docs["T:$($t.FullName)"] }
    }
}

$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

function Get-ParameterDoc([System.Management.Automation.CommandInfo] $Command, [string] $Name) {
    $property = $Command.ImplementingType.GetProperty($Name)
    $member = $docs["P:$($property.DeclaringType.FullName).$Name"]
    $text = if ($member) { (Get-Paras $member.summary 'description') -join ' ' } else { '' }
    if (-not $text -and $member) { $text = ($member.summary.InnerText -replace '\s+', ' ').Trim() }
    $text
}

function Get-PipelineText($parameter) {
    $kinds = @()
    foreach ($set in $parameter.ParameterSets.Values) {
        if ($set.ValueFromPipeline) { $kinds += 'ByValue' }
        if ($set.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    }
    $kinds = @($kinds | Select-Object -Unique)
    if ($kinds.Count) { "True ($($kinds -join ', '))" } else { 'False' }
}

$module = Import-Module -Name $ModulePath -PassThru -Force
$sb = [System.Text.StringBuilder]::new()
[void]$sb.AppendLine('<?xml version="1.0" encoding="utf-8"?>')
[void]$sb.AppendLine('<helpItems schema="maml" xmlns="http://msh">')
foreach ($command in (Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)) {
    $typeDoc = Get-TypeDoc $command.ImplementingType
    $synopsis = if ($typeDoc) { (Get-Paras $typeDoc.summary 'synopsis') -join ' ' } else { '' }
    $descriptions = if ($typeDoc) { Get-Paras $typeDoc.summary 'description' } else { @() }
    $parameters = @($command.Parameters.Values | Where-Object { $_.Name -notin $common })

    [void]$sb.AppendLine('<command:command xmlns:maml="http://schemas.microsoft.com/maml/2004/10" xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10">')
    [void]$sb.AppendLine("<command:details><command:name>$($command.Name)</command:name><command:verb>$($command.Verb)</command:verb><command:noun>$($command.Noun)</command:noun><maml:description><maml:para>$(ConvertTo-XmlText $synopsis)</maml:para></maml:description></command:details>")
    [void]$sb.AppendLine('<maml:description>')
    foreach ($d in $descriptions) { [void]$sb.AppendLine("<maml:para>$(ConvertTo-XmlText $d)</maml:para>") }
    [void]$sb.AppendLine('</maml:description>')

    [void]$sb.AppendLine('<command:syntax>')
    foreach ($set in $command.ParameterSets) {
        [void]$sb.AppendLine("<command:syntaxItem><maml:name>$($command.Name)</maml:name>")
        foreach ($p in $set.Parameters | Where-Object { $_.Name -notin $common }) {
            $position = if ($p.Position -ge 0) { $p.Position } else { 'named' }
            [void]$sb.AppendLine("<command:parameter required=`"$($p.IsMandatory.ToString().ToLower())`" globbing=`"false`" pipelineInput=`"$($p.ValueFromPipeline -or $p.ValueFromPipelineByPropertyName)`" position=`"$position`"><maml:name>$($p.Name)</maml:name><command:parameterValue required=`"true`">$(ConvertTo-XmlText $p.ParameterType.Name)</command:parameterValue></command:parameter>")
        }
        [void]$sb.AppendLine('</command:syntaxItem>')
    }
    [void]$sb.AppendLine('</command:syntax>')

    [void]$sb.AppendLine('<command:parameters>')
    foreach ($p in $parameters) {
        $attr = $p.ParameterSets.Values | Select-Object -First 1
        $position = if ($attr.Position -ge 0) { $attr.Position } else { 'named' }
        $required = [bool]($p.ParameterSets.Values | Where-Object IsMandatory)
        [void]$sb.AppendLine("<command:parameter required=`"$($required.ToString().ToLower())`" globbing=`"false`" pipelineInput=`"$(Get-PipelineText $p)`" position=`"$position`"><maml:name>$($p.Name)</maml:name>")
        [void]$sb.AppendLine("<maml:description><maml:para>$(ConvertTo-XmlText (Get-ParameterDoc $command $p.Name))</maml:para></maml:description>")
        [void]$sb.AppendLine("<command:parameterValue required=`"true`">$(ConvertTo-XmlText $p.ParameterType.Name)</command:parameterValue><dev:type><maml:name>$(ConvertTo-XmlText $p.ParameterType.FullName)</maml:name></dev:type></command:parameter>")
    }
    [void]$sb.AppendLine('</command:parameters>')

    [void]$sb.AppendLine('<command:returnValues>')
    foreach ($output in $command.OutputType) {
        [void]$sb.AppendLine("<command:returnValue><dev:type><maml:name>$(ConvertTo-XmlText $output.Name)</maml:name></dev:type></command:returnValue>")
    }
    [void]$sb.AppendLine('</command:returnValues>')

    [void]$sb.AppendLine('<command:examples>')
    $i = 0
    foreach ($example in @(if ($typeDoc) { $typeDoc.SelectNodes('example') })) {
        $i++
        $remarks = @($example.SelectNodes('para') | ForEach-Object { "<maml:para>$(ConvertTo-XmlText (($_.InnerText -replace '\s+', ' ').Trim()))</maml:para>" }) -join ''
        [void]$sb.AppendLine("<command:example><maml:title>-------------------------- Example $i --------------------------</maml:title><dev:code>$(ConvertTo-XmlText $example.code.Trim())</dev:code><dev:remarks>$remarks</dev:remarks></command:example>")
    }
    [void]$sb.AppendLine('</command:examples>')
    [void]$sb.AppendLine('<command:relatedLinks><maml:navigationLink><maml:linkText>about_LambdaSec</maml:linkText></maml:navigationLink></command:relatedLinks>')
    [void]$sb.AppendLine('</command:command>')
}
[void]$sb.AppendLine('</helpItems>')
$null = New-Item -ItemType Directory -Path (Split-Path $OutFile) -Force
[System.IO.File]::WriteAllText($OutFile, $sb.ToString(), [System.Text.UTF8Encoding]::new($false))
